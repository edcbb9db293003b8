"""A QR code as a matrix of modules, to be drawn as vector squares or as a PNG."""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass

import numpy
import zxingcpp
from PIL import Image

from receipts.render_errors import InvalidReceiptError

ERROR_CORRECTION = "M"
"""Level M restores up to 15 % of the symbol: enough for a crease or a smudge on paper,
and it keeps the payload in a version 8 code (49 modules) that prints well at 32 mm."""
QUIET_ZONE = 4
"""Light modules around the symbol that a reader needs; the QR standard asks for four."""


@dataclass(frozen=True)
class QrMatrix:
    rows: tuple[tuple[bool, ...], ...]
    """Dark (True) and light modules, top row first, without the quiet zone."""

    @property
    def size(self) -> int:
        return len(self.rows)

    def dark_runs(self) -> Iterator[tuple[int, int, int]]:
        """(row, first column, length) of each horizontal run of dark modules."""
        for row_index, row in enumerate(self.rows):
            column = 0
            while column < len(row):
                if row[column]:
                    start = column
                    while column < len(row) and row[column]:
                        column += 1
                    yield row_index, start, column - start
                else:
                    column += 1


def encode_qr(text: str) -> QrMatrix:
    """The QR code of `text` at error correction level M."""
    try:
        symbol = zxingcpp.create_barcode(
            text, zxingcpp.BarcodeFormat.QRCode, ec_level=ERROR_CORRECTION
        )
        image = symbol.to_image(scale=1, add_quiet_zones=False)
    except (ValueError, RuntimeError) as error:
        raise InvalidReceiptError(
            f"The QR code of this receipt could not be made ({error}): its code text has "
            f"{len(text)} characters.",
            code="receipt_qr.unmakeable",
            params={"length": len(text), "reason": error},
        ) from error
    dark: list[list[bool]] = (numpy.asarray(image) < 128).tolist()
    return QrMatrix(tuple(tuple(row) for row in dark))


def draw_qr_png(matrix: QrMatrix, *, module_pixels: int = 8) -> bytes:
    """A black-on-white PNG of the code with its quiet zone, `module_pixels` per module."""
    side = matrix.size + 2 * QUIET_ZONE
    image = Image.new("1", (side, side), 1)
    for row, start, length in matrix.dark_runs():
        image.paste(0, (start + QUIET_ZONE, row + QUIET_ZONE, start + length + QUIET_ZONE,
                        row + 1 + QUIET_ZONE))  # fmt: skip
    scaled = image.resize((side * module_pixels, side * module_pixels), Image.Resampling.NEAREST)
    buffer = io.BytesIO()
    scaled.save(buffer, format="PNG")  # a two-colour image: zlib's default is as small
    return buffer.getvalue()
