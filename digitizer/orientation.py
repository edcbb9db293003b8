"""A quick look, before OCR, at whether a page is plainly upright.

Tesseract's orientation detection costs about a sixth of a page's OCR time, so it is
run (inside the one OCR pass) only for pages this check cannot vouch for. Lines of
horizontal text leave blank rows between them but hardly any blank columns; and
printed Latin text, Vietnamese above all with its stacked accents, puts more ink above
the x-height band of a line than below it, which an upside-down page reverses.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray
from PIL import Image

_STRIPS = 8  # narrow strips keep lines apart on slightly skewed pages
_MIN_BLANK_ROWS = 0.2
_BLANK_MARGIN = 0.15  # blank rows must outnumber blank columns by this fraction
_MIN_LINES = 3
_TOP_HEAVY = 1.3  # ink above the x-height band over ink below it


def looks_upright(gray: Image.Image) -> bool:
    """True only when the page clearly shows horizontal, upright lines of text."""
    ink = _ink(gray)
    if not ink.any():
        return True  # a blank page reads the same whichever way it is turned
    vertical_strips = np.array_split(ink, _STRIPS, axis=1)
    horizontal_strips = np.array_split(ink, _STRIPS, axis=0)
    blank_rows = _blank_fraction([strip.sum(axis=1) for strip in vertical_strips])
    blank_columns = _blank_fraction([strip.sum(axis=0) for strip in horizontal_strips])
    if blank_rows < _MIN_BLANK_ROWS or blank_rows < blank_columns + _BLANK_MARGIN:
        return False
    above = below = 0.0
    lines = 0
    for strip in vertical_strips:
        strip_above, strip_below, strip_lines = _ink_around_x_height(strip.sum(axis=1))
        above, below, lines = above + strip_above, below + strip_below, lines + strip_lines
    return lines >= _MIN_LINES and above >= _TOP_HEAVY * max(below, 1.0)


def _ink(gray: Image.Image) -> NDArray[np.bool_]:
    pixels = np.asarray(gray.convert("L"), dtype=np.uint8)
    low, high = int(pixels.min()), int(pixels.max())
    if high - low < 64:
        return np.zeros(pixels.shape, dtype=bool)
    result: NDArray[np.bool_] = pixels < (low + high) // 2
    return result


def _blank_fraction(profiles: list[NDArray[np.int_]]) -> float:
    """Share of empty lines between the first and last inked one, weighted by ink."""
    fractions, weights = [], []
    for profile in profiles:
        inked = np.nonzero(profile)[0]
        if len(inked) < 2:
            continue
        span = profile[inked[0] : inked[-1] + 1]
        fractions.append(float((span == 0).mean()))
        weights.append(float(span.sum()))
    return float(np.average(fractions, weights=weights)) if fractions else 0.0


def _ink_around_x_height(rows: NDArray[np.int_]) -> tuple[float, float, int]:
    inked = rows > max(1, int(rows.max()) * 0.02)
    above = below = 0.0
    lines = 0
    start = None
    for index, on in enumerate([*inked.tolist(), False]):
        if on and start is None:
            start = index
        elif not on and start is not None:
            line = rows[start:index]
            start = None
            if len(line) < 4:
                continue
            core = np.nonzero(line >= line.max() * 0.5)[0]
            above += float(line[: core[0]].sum())
            below += float(line[core[-1] + 1 :].sum())
            lines += 1
    return above, below, lines
