"""Times are stored in UTC and shown in Vietnam time."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")


def shown(moment: datetime | None) -> str:
    if moment is None:
        return "-"
    return moment.astimezone(VIETNAM).strftime("%Y-%m-%d %H:%M")


def parse_period(start: str, end: str) -> tuple[date, date]:
    """`--from` and `--to` as dates, or a ConfigError that says what they must look like."""
    from config import ConfigError

    try:
        return date.fromisoformat(start), date.fromisoformat(end)
    except ValueError:
        raise ConfigError(
            f"Dates must read YYYY-MM-DD: got {start} and {end}.",
            code="period.dates_invalid",
            params={"start": start, "end": end},
        ) from None
