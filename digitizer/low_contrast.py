"""Grey photocopies and faxes: told from the preview, read through local thresholds.

Tesseract separates ink from paper with one threshold for the whole page. On a photocopy
the paper is grey, darker towards an edge, and the ink not much darker than the paper:
one threshold either loses the ink's thin strokes or blackens the dark edge. A threshold
drawn from each pixel's neighbourhood follows the paper as it changes: Tesseract's own
(Sauvola), measured as good as an OpenCV Gaussian one and better than none. Toner specks
are cleared first: on a grey copy they are what costs the most characters.
"""

from __future__ import annotations

import cv2
import numpy as np
from PIL import Image

_GREY_PAPER = 215  # paper darker than this is a copy's grey, not a scanner's white
_LOW_CONTRAST = 128  # paper over ink, in grey levels
_MARK_BELOW_PAPER = 30  # grey levels: darker than the paper by this much is a mark
_MIN_MARK_PIXELS = 50  # fewer dark pixels than this say nothing of the ink
_UNEVEN = 24  # grey levels between the lightest and darkest parts of the paper
_TILES = 6
_WINDOW_MM = 10.0  # neighbourhood of the local threshold that finds the marks
_INK_DARKER = 20  # grey levels below the neighbourhood's weighted mean
_SPECK_MM2 = 0.3  # a mark this small may be a speck...
_SPECK_REACH_MM = 0.6  # ...when no larger mark is this close
_PAPER_WINDOW = 21  # pixels: the median that paints a speck over with its paper


def looks_low_contrast(gray: Image.Image) -> bool:
    """Whether a page's paper is grey or uneven, or its ink faint against it."""
    histogram = np.asarray(gray.histogram())
    counts = np.cumsum(histogram)
    paper = int(np.searchsorted(counts, counts[-1] * 0.6))
    if paper < _GREY_PAPER:
        return True
    ink = _ink_level(histogram, paper)
    if ink is not None and paper - ink < _LOW_CONTRAST:
        return True
    return _paper_spread(gray) > _UNEVEN


def _ink_level(histogram: np.ndarray, paper: int) -> int | None:
    """How dark the ink is: the darkest tenth of what is clearly not paper. Taken among the
    marks only, so that a page with two lines on it is not judged by its anti-aliasing."""
    marks = np.cumsum(histogram[: max(paper - _MARK_BELOW_PAPER, 0)])
    if not marks.size or marks[-1] < _MIN_MARK_PIXELS:
        return None
    return int(np.searchsorted(marks, marks[-1] * 0.1))


def _paper_spread(gray: Image.Image) -> int:
    """Lightest minus darkest paper, over a few tiles, the ink spread away first."""
    small = np.asarray(gray.reduce(4), dtype=np.uint8)
    paper = cv2.dilate(small, np.ones((7, 7), np.uint8))
    tiles = cv2.resize(paper, (_TILES, _TILES), interpolation=cv2.INTER_AREA)
    return int(tiles.max()) - int(tiles.min())


def without_specks(gray: Image.Image, dpi: float) -> Image.Image:
    """The page with toner specks turned to paper: small marks far from any letter.

    A speck between words is read as a full stop, a colon or a dash. A diacritic or a
    full stop is as small, but it sits against its letter, so only lone marks go.
    """
    pixels = np.asarray(gray, dtype=np.uint8)
    per_mm = dpi / 25.4
    window = int(_WINDOW_MM * per_mm) | 1
    ink = cv2.adaptiveThreshold(
        pixels, 1, cv2.ADAPTIVE_THRESH_GAUSSIAN_C, cv2.THRESH_BINARY_INV, window, _INK_DARKER
    )
    count, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    small = stats[:, cv2.CC_STAT_AREA] <= _SPECK_MM2 * per_mm**2
    small[0] = False
    letters = (~small[labels] & (labels > 0)).astype(np.uint8)
    reach = 2 * max(1, round(_SPECK_REACH_MM * per_mm)) + 1
    near_letters = cv2.dilate(letters, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (reach, reach)))
    kept = np.zeros(count, dtype=bool)
    kept[np.unique(labels[near_letters > 0])] = True
    specks = cv2.dilate((small & ~kept)[labels].astype(np.uint8), np.ones((3, 3), np.uint8))
    cleaned = pixels.copy()
    paper = cv2.medianBlur(pixels, _PAPER_WINDOW)
    cleaned[specks > 0] = paper[specks > 0]
    return Image.fromarray(cleaned, mode="L")
