"""Pillow's decompression-bomb guard stays on in every process that loads the digitizer.

Sohoa refuses a page over its configured pixel limit with its own reason before decoding
it (`Limits.check_pixels`). Pillow's guard is the net under that check for every other
opener in the process (the web's previews of archived and quarantined originals, a
signing seal image): it is raised to the configured limit so that pages Sohoa accepts
open, and never switched off.
"""

from __future__ import annotations

from PIL import Image


def guard_images(max_page_pixels: int) -> None:
    """Let Pillow open images up to `max_page_pixels` without complaint; Pillow refuses one
    of more than twice that (`Image.DecompressionBombError`) before decoding it."""
    current = Image.MAX_IMAGE_PIXELS or 0
    Image.MAX_IMAGE_PIXELS = max(current, max_page_pixels)
