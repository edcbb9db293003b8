"""Text folded for search: lower case, without diacritics, đ as d, one character per character.

Folding keeps every character's position (NFC in, one character out per character in),
so a match found in the folded text marks the same span of the text as read.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

_SPECIAL = str.maketrans({"đ": "d", "Đ": "d", "ð": "d", "Ð": "d"})


def fold(text: str) -> str:
    return "".join(_fold_character(character) for character in text)


@lru_cache(maxsize=8192)
def _fold_character(character: str) -> str:
    character = character.translate(_SPECIAL)
    base = unicodedata.normalize("NFD", character)[0]
    lowered = base.lower()
    return lowered if len(lowered) == 1 else character
