"""Vietnamese text compared the way people type it: any case, with or without diacritics."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_NOT_LETTER_OR_DIGIT = re.compile(r"[\W_]+")
_SPECIAL = str.maketrans({"đ": "d", "Đ": "d", "ð": "d", "Ð": "d"})


def fold(text: str) -> str:
    """Lower case, without diacritics, đ as d, one character out for each character in.

    Keeping every character's position (for NFC input) lets a match found in the folded
    text mark the same span of the text as read, e.g. for a search snippet.
    """
    return "".join(_fold_character(character) for character in text)


def fold_key(text: str) -> str:
    """A lookup key: folded, words joined by "_".

    "Ngày tiếp nhận" and "NGAY TIEP NHAN" both give ngay_tiep_nhan.
    """
    return _NOT_LETTER_OR_DIGIT.sub("_", fold(unicodedata.normalize("NFC", text))).strip("_")


@lru_cache(maxsize=8192)
def _fold_character(character: str) -> str:
    character = character.translate(_SPECIAL)
    base = unicodedata.normalize("NFD", character)[0]
    lowered = base.lower()
    return lowered if len(lowered) == 1 else character
