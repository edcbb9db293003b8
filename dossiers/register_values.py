"""Cells of a dossier register read leniently, and refused with the reason when they are wrong."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from dossiers.folding import fold_key

# datetime is a date; XLSX cells may already be either.
Cell = str | int | float | bool | date | None

VIETNAM_TIME = ZoneInfo("Asia/Ho_Chi_Minh")

_DAY_FIRST = re.compile(
    r"([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})(?:\s+([0-9]{1,2}):([0-9]{2})(?::([0-9]{2}))?)?"
)
_DATE_TIME_FORMATS = "ISO 8601 or dd/mm/yyyy[ HH:MM[:SS]]"
_YES = frozenset({"yes", "true", "1", "co"})
_NO = frozenset({"no", "false", "0", "khong"})


class InvalidCellError(Exception):
    """A cell that cannot be read; the message quotes the value and says why."""


def cell_text(cell: Cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()


def read_datetime(cell: Cell) -> datetime:
    """An aware UTC date-time; values without an offset are Vietnam time."""
    if isinstance(cell, datetime):
        return _as_utc(cell)
    if isinstance(cell, date):
        return _as_utc(datetime.combine(cell, time()))
    text = cell_text(cell)
    if isinstance(cell, bool | int | float):
        raise InvalidCellError(f"{text} is a number, not a date-time ({_DATE_TIME_FORMATS})")
    day_first = _DAY_FIRST.fullmatch(text)
    if day_first is not None:
        return _as_utc(_day_first_datetime(text, day_first))
    try:
        return _as_utc(datetime.fromisoformat(text))
    except ValueError:
        raise InvalidCellError(f'"{text}" is not a date-time ({_DATE_TIME_FORMATS})') from None


def read_bool(cell: Cell) -> bool:
    if isinstance(cell, bool):
        return cell
    key = fold_key(cell_text(cell))
    if key in _YES:
        return True
    if key in _NO:
        return False
    raise InvalidCellError(
        f'"{cell_text(cell)}" is not yes or no (expected yes/no, true/false, 1/0 or có/không)'
    )


def _day_first_datetime(text: str, match: re.Match[str]) -> datetime:
    day, month, year, hour, minute, second = (int(part or 0) for part in match.groups())
    try:
        return datetime(year, month, day, hour, minute, second)
    except ValueError:
        raise InvalidCellError(
            f'"{text}" is not a real date and time (dd/mm/yyyy HH:MM:SS)'
        ) from None


def _as_utc(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=VIETNAM_TIME)
    try:
        return moment.astimezone(UTC)
    except OverflowError:  # year 1 or 9999 shifted past the calendar's end
        raise InvalidCellError(f"{moment.isoformat()} is outside the calendar") from None
