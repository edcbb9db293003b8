"""What was done to a page to read it, step by step, as its result reports it."""

from __future__ import annotations

from enum import StrEnum


class ReadStep(StrEnum):
    FLATTENED = "flattened"  # a photo: the paper found, warped to a rectangle, light evened
    NOT_FLATTENED = "not_flattened"  # a photo whose paper could not be found: read as it is
    COLOUR_INK_DROPPED = "colour_ink_dropped"  # red and blue ink left out of the reading
    DOWNSAMPLED = "downsampled"  # read at read_dpi, scanned above max_read_dpi
    UPSAMPLED = "upsampled"  # read at read_dpi, scanned below min_read_dpi
    THRESHOLDED = "thresholded"  # low contrast: read by local thresholds
    BLANK = "blank"  # no ink: kept, not read


# What cameras, screenshots and image editors write when they know no resolution: not a
# scan's, so neither a sign of a low-resolution scan to enlarge nor of a page's size.
SCREEN_DPIS = (72, 96)
