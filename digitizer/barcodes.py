"""QR codes and barcodes printed on a page (zxing-cpp)."""

from __future__ import annotations

import zxingcpp
from PIL import Image

from digitizer.results import Barcode
from digitizer.text import normalize_text


def read_barcodes(gray: Image.Image, page: int, *, sideways_too: bool) -> tuple[Barcode, ...]:
    """Codes on the page; 1D codes turned 90 degrees are sought only when `sideways_too`.

    Looking for sideways 1D codes doubles the cost (about 50 ms against 20 ms a page), and
    on a page known to be upright they are rare; 2D codes are found at any angle anyway.
    """
    found = zxingcpp.read_barcodes(gray, try_invert=False, try_rotate=sideways_too)
    codes = []
    for symbol in found:
        if symbol.valid and symbol.text:
            codes.append(
                Barcode(page=page, format=symbol.format.name, text=normalize_text(symbol.text))
            )
    return tuple(codes)
