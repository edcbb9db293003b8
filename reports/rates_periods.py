"""Report periods and their months or weeks, as UTC instants the database compares.

A period is whole Vietnam days, both ends included. Bucket edges are worked out here with
the zone database, so the queries need no time-zone arithmetic of either database: each
dossier falls in the bucket whose [since, until) holds its stored UTC time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from reports.rates_model import Grouping

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")


@dataclass(frozen=True)
class Bucket:
    label: str
    """"2026-10" for a month, "2026-W41" for an ISO week; "" for the whole period."""
    since: datetime
    until: datetime
    """[since, until), aware UTC, clipped to the period."""


def vietnam_midnight(day: date) -> datetime:
    """The UTC instant at which the Vietnam day begins."""
    return datetime.combine(day, time(), VIETNAM).astimezone(UTC)


def split_period(start: date, end: date, grouping: Grouping | None) -> tuple[Bucket, ...]:
    """The period's months or weeks in order (the first and last clipped to the period),
    or one bucket for the whole period when `grouping` is not a time grouping."""
    if grouping is Grouping.MONTH:
        starts = _month_starts(start, end)
    elif grouping is Grouping.WEEK:
        starts = _week_starts(start, end)
    else:
        return (Bucket("", vietnam_midnight(start), vietnam_midnight(end + timedelta(days=1))),)
    edges = [*starts[1:], end + timedelta(days=1)]
    return tuple(
        Bucket(
            _label(first, grouping),
            vietnam_midnight(max(first, start)),
            vietnam_midnight(edge),
        )
        for first, edge in zip(starts, edges, strict=True)
    )


def _month_starts(start: date, end: date) -> list[date]:
    first, starts = start.replace(day=1), []
    while first <= end:
        starts.append(first)
        first = (first + timedelta(days=32)).replace(day=1)
    return starts


def _week_starts(start: date, end: date) -> list[date]:
    monday, starts = start - timedelta(days=start.weekday()), []
    while monday <= end:
        starts.append(monday)
        monday += timedelta(days=7)
    return starts


def _label(first: date, grouping: Grouping) -> str:
    if grouping is Grouping.MONTH:
        return f"{first:%Y-%m}"
    year, week, _ = first.isocalendar()
    return f"{year}-W{week:02d}"
