"""Grey photocopies and faxes: told from the preview, read through local thresholds.

Tesseract separates ink from paper with one threshold for the whole page. On a photocopy
the paper is grey, darker towards an edge, and the ink not much darker than the paper:
one threshold either loses the ink's thin strokes or blackens the dark edge. A threshold
drawn from each pixel's neighbourhood follows the paper as it changes.
"""

from __future__ import annotations

import cv2
import numpy as np
from PIL import Image

_GREY_PAPER = 215  # paper darker than this is a copy's grey, not a scanner's white
_LOW_CONTRAST = 128  # paper over ink, in grey levels
_UNEVEN = 24  # grey levels between the lightest and darkest parts of the paper
_TILES = 6


def looks_low_contrast(gray: Image.Image) -> bool:
    """Whether a page's paper is grey or uneven, or its ink faint against it."""
    counts = np.cumsum(gray.histogram())
    paper = int(np.searchsorted(counts, counts[-1] * 0.6))
    ink = int(np.searchsorted(counts, counts[-1] * 0.005))
    if paper < _GREY_PAPER or paper - ink < _LOW_CONTRAST:
        return True
    return _paper_spread(gray) > _UNEVEN


def _paper_spread(gray: Image.Image) -> int:
    """Lightest minus darkest paper, over a few tiles, the ink spread away first."""
    small = np.asarray(gray.reduce(4), dtype=np.uint8)
    paper = cv2.dilate(small, np.ones((7, 7), np.uint8))
    tiles = cv2.resize(paper, (_TILES, _TILES), interpolation=cv2.INTER_AREA)
    return int(tiles.max()) - int(tiles.min())


def local_threshold(gray: Image.Image, dpi: float) -> Image.Image:
    """Black ink on white paper, each pixel against its own neighbourhood."""
    pixels = np.asarray(gray, dtype=np.uint8)
    window = int(dpi / 10) | 1  # about 2.5 mm: a few letters across
    binary = cv2.adaptiveThreshold(
        pixels, 255, cv2.ADAPTIVE_THRESH_GAUSSIAN_C, cv2.THRESH_BINARY, window, 15
    )
    return Image.fromarray(binary, mode="L")
