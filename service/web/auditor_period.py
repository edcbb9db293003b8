"""The period and groupings an auditor asks the rates for, read from the query string.

Pages keep the choice in their links (`RatesQuery.url`), so that the chart, the exports and
the drill-down show the very report of the dashboard. Mistakes are told in Vietnamese.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Annotated
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from fastapi import HTTPException, Query

from reports.rates_labels import RATE_NAMES, RateName
from reports.rates_model import TIME_GROUPINGS, Grouping

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
LONGEST = timedelta(days=3660)
"""Ten years: enough for any report, short enough to answer quickly."""
From = Annotated[str, Query(alias="from", max_length=20)]
To = Annotated[str, Query(alias="to", max_length=20)]


class QueryError(ValueError):
    """A choice the rates cannot be computed for; the message is for the user."""


@dataclass(frozen=True)
class RatesQuery:
    start: date
    end: date
    by: Grouping | None = None
    then: Grouping | None = None
    rate: RateName = "intake"

    def params(self, **extra: str | None) -> dict[str, str]:
        chosen: dict[str, str | None] = {
            "from": self.start.isoformat(),
            "to": self.end.isoformat(),
            "by": self.by,
            "then": self.then,
            "rate": self.rate,
            **extra,
        }
        return {key: str(value) for key, value in chosen.items() if value}

    def url(self, path: str, **extra: str | None) -> str:
        return f"{path}?{urlencode(self.params(**extra))}"


@dataclass(frozen=True)
class RatesForm:
    """What the form holds as typed, and the query it makes (or why it makes none)."""

    start: str
    end: str
    by: str
    then: str
    rate: str
    query: RatesQuery | None
    error: str | None

    def required(self) -> RatesQuery:
        """The query, or 400 with the reason (for the chart, exports and drill-down)."""
        if self.query is None:
            raise HTTPException(400, self.error or "Yêu cầu không hợp lệ.")
        return self.query


def today() -> date:
    return datetime.now(UTC).astimezone(VIETNAM).date()


def quarter_to_date(day: date) -> tuple[date, date]:
    first_month = 3 * ((day.month - 1) // 3) + 1
    return day.replace(month=first_month, day=1), day


def quick_periods(day: date) -> list[tuple[str, date, date]]:
    """Periods offered as one-click links: this quarter, last month, this year, last year."""
    last_month_end = day.replace(day=1) - timedelta(days=1)
    return [
        ("Quý này", *quarter_to_date(day)),
        ("Tháng trước", last_month_end.replace(day=1), last_month_end),
        ("Từ đầu năm", day.replace(month=1, day=1), day),
        ("Năm trước", date(day.year - 1, 1, 1), date(day.year - 1, 12, 31)),
    ]


def read_day(text: str, what: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise QueryError(f"{what} phải là một ngày có thật, dạng NNNN-TT-NN: «{text}».") from None


def read_period(start: str, end: str, default: tuple[date, date]) -> tuple[date, date]:
    """Both days, or neither (the default); the end not before the start; ten years at most."""
    if not start.strip() and not end.strip():
        return default
    if not start.strip() or not end.strip():
        raise QueryError("Hãy chọn cả ngày bắt đầu và ngày kết thúc của kỳ.")
    first, last = read_day(start, "Ngày bắt đầu"), read_day(end, "Ngày kết thúc")
    if last < first:
        raise QueryError("Ngày kết thúc phải bằng hoặc sau ngày bắt đầu.")
    if last - first > LONGEST:
        raise QueryError("Kỳ báo cáo dài nhất là mười năm.")
    return first, last


def period_or_400(start: str, end: str, default: tuple[date, date]) -> tuple[date, date]:
    """`read_period` for a download: a mistake answers 400 with its reason."""
    try:
        return read_period(start, end, default)
    except QueryError as problem:
        raise HTTPException(400, str(problem)) from None


def read_groupings(by: str, then: str) -> tuple[Grouping | None, Grouping | None]:
    first, second = _grouping(by), _grouping(then)
    if second is not None and first is None:
        raise QueryError("Hãy chọn cách nhóm thứ nhất trước khi chọn cách nhóm thứ hai.")
    if second is not None and (second is first or {first, second} <= set(TIME_GROUPINGS)):
        raise QueryError("Hai cách nhóm phải khác nhau, và chỉ một trong hai theo tháng hoặc tuần.")
    return first, second


def _grouping(value: str) -> Grouping | None:
    if not value:
        return None
    try:
        return Grouping(value)
    except ValueError:
        raise QueryError(f"Không có cách nhóm «{value}».") from None


def _rate(value: str) -> RateName:
    for name in RATE_NAMES:
        if name == value:
            return name
    raise QueryError(f"Không có tỷ lệ «{value}».")


def rates_form(
    start: From = "",
    end: To = "",
    by: Annotated[str, Query(max_length=20)] = "",
    then: Annotated[str, Query(max_length=20)] = "",
    rate: Annotated[str, Query(max_length=20)] = "intake",
) -> RatesForm:
    """A route dependency: the rates the page asks for (this quarter by default)."""
    try:
        period = read_period(start, end, quarter_to_date(today()))
        query = RatesQuery(*period, *read_groupings(by, then), _rate(rate))
    except QueryError as problem:
        return RatesForm(start, end, by, then, rate, None, str(problem))
    return RatesForm(start, end, by, then, rate, query, None)
