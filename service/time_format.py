"""Times are stored in UTC and shown in Vietnam time."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")


def shown(moment: datetime | None) -> str:
    if moment is None:
        return "-"
    return moment.astimezone(VIETNAM).strftime("%Y-%m-%d %H:%M")
