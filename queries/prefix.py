"""Text that starts with what was typed, answered by the column's index on both databases."""

from __future__ import annotations

import sys

from sqlalchemy import ColumnElement
from sqlalchemy.orm import InstrumentedAttribute


def starts_with(
    column: InstrumentedAttribute[str], prefix: str, *, sqlite: bool
) -> ColumnElement[bool]:
    """On SQLite a range the column's index answers (its text compares by code point); on
    PostgreSQL, whose collation may not, LIKE with the prefix escaped."""
    if not prefix:
        return column.is_not(None)
    if sqlite and ord(prefix[-1]) < sys.maxunicode:
        following = prefix[:-1] + chr(ord(prefix[-1]) + 1)
        return (column >= prefix) & (column < following)
    return column.startswith(prefix, autoescape=True)
