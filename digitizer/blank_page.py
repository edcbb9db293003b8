"""Whether a page has any ink on it, from its small grey preview.

The back of a one-sided sheet scanned duplex is paper alone: a tone, grain, JPEG noise,
the front showing through faintly, perhaps the shadow of a punch hole or of the scanner's
edge. A page with a single short line, or only a page number, is not blank. So ink is
counted in marks the size of a character or more, darker than the paper by far more than
show-through is, away from the frame's edge, and not where and as a punch hole is.
"""

from __future__ import annotations

import cv2
import numpy as np
from numpy.typing import NDArray
from PIL import Image

_INK_BELOW_PAPER = 32  # grey levels; show-through is a third of this. Measured on 40 backs
# and on faint print: at 56, print 40 levels under the paper counted blank (its text unread)
# and 2 backs did not; at 32, all 40 backs are blank and print 35 levels under is read.
_SURELY_INKED = 0.004  # of the pixels: past this share of dark pixels, no closer look
_MIN_MARK_MM = 1.2  # a full stop is smaller, a digit or a letter of a page number is not
_EDGE_MM = 3.0  # a mark touching this band is the scanner's edge shadow
_HOLE_REACH_MM = 30.0  # punch holes sit this close to an edge...
_HOLE_MM = (4.0, 10.0)  # ...and are this wide, as tall as wide (a disc, a ring or the
# crescent of shadow a hole casts on the lid behind it)


def looks_blank(gray: Image.Image, dpi: float) -> bool:
    """True when the page shows no mark of ink; `dpi` is the preview's resolution."""
    counts = np.cumsum(gray.histogram())
    paper = int(np.searchsorted(counts, counts[-1] / 2))
    ink_level = max(paper - _INK_BELOW_PAPER, 0)
    if counts[ink_level] > _SURELY_INKED * counts[-1]:
        return False
    pixels = np.asarray(gray, dtype=np.uint8)
    dark = pixels < ink_level
    return not any(_is_ink(mark, pixels.shape, dpi) for mark in _marks(dark))


def _marks(dark: NDArray[np.bool_]) -> list[tuple[int, int, int, int, int]]:
    """Each connected mark's left, top, width, height and pixel count."""
    mask = cv2.morphologyEx(dark.astype(np.uint8), cv2.MORPH_CLOSE, np.ones((3, 3), np.uint8))
    count, _, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    return [tuple(int(value) for value in stats[index]) for index in range(1, count)]  # type: ignore[misc]


def _is_ink(mark: tuple[int, int, int, int, int], shape: tuple[int, ...], dpi: float) -> bool:
    left, top, width, height, _ = mark
    per_mm = dpi / 25.4
    if max(width, height) < _MIN_MARK_MM * per_mm:
        return False
    rows, columns = shape[0], shape[1]
    edge = _EDGE_MM * per_mm
    right, bottom = left + width, top + height
    if left < edge or top < edge or columns - right < edge or rows - bottom < edge:
        return False
    return not _is_punch_hole(left, top, width, height, (rows, columns), per_mm)


def _is_punch_hole(
    left: int, top: int, width: int, height: int, size: tuple[int, int], per_mm: float
) -> bool:
    low, high = (value * per_mm for value in _HOLE_MM)
    if not (low <= width <= high and low <= height <= high and 0.75 <= width / height <= 1.33):
        return False
    rows, columns = size
    reach = _HOLE_REACH_MM * per_mm
    return min(left, top, columns - left - width, rows - top - height) < reach
