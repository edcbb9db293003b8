"""QR codes and barcodes printed on a page (zxing-cpp)."""

from __future__ import annotations

import zxingcpp
from PIL import Image

from digitizer.results import Barcode
from digitizer.text import normalize_text


def read_barcodes(gray: Image.Image, page: int) -> tuple[Barcode, ...]:
    found = zxingcpp.read_barcodes(gray, try_invert=False)
    codes = []
    for symbol in found:
        if symbol.valid and symbol.text:
            codes.append(
                Barcode(page=page, format=symbol.format.name, text=normalize_text(symbol.text))
            )
    return tuple(codes)
