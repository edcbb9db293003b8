"""Text as Sohoa stores it: NFC, with Tesseract's look-alike mistakes mended."""

from __future__ import annotations

import unicodedata

# Tesseract's Vietnamese model sometimes reads Đ/đ as the Icelandic eth, which looks
# the same but never occurs in Vietnamese.
LOOKALIKES = str.maketrans({"\u00d0": "\u0110", "\u00f0": "\u0111"})


def normalize_text(text: str) -> str:
    return unicodedata.normalize("NFC", text).translate(LOOKALIKES)
