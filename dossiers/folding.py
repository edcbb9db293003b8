"""Vietnamese words compared the way people type them: any case, with or without diacritics."""

from __future__ import annotations

import re
import unicodedata

_NOT_LETTER_OR_DIGIT = re.compile(r"[\W_]+")


def fold_key(text: str) -> str:
    """A lookup key: lower case, no diacritics, words joined by "_".

    "Ngày tiếp nhận" and "NGAY TIEP NHAN" both give ngay_tiep_nhan.
    """
    without_marks = "".join(
        char
        for char in unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
        if not unicodedata.combining(char)
    )
    return _NOT_LETTER_OR_DIGIT.sub("_", without_marks.lower()).strip("_")
