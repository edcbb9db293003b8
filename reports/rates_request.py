"""What a rates report may be asked for: a period that does not end before it starts, and at
most two groupings, at most one of them in time."""

from __future__ import annotations

from datetime import date

from config import SohoaError
from config.errors import ExitCode
from reports.rates_model import TIME_GROUPINGS, Grouping


class InvalidRatesRequestError(SohoaError):
    exit_code = ExitCode.bad_args


def check_request(
    start: date, end: date, grouping: Grouping | None, then_by: Grouping | None
) -> tuple[Grouping, ...]:
    """The groupings, outermost first; refuses a period that ends before it starts."""
    if end < start:
        raise InvalidRatesRequestError(
            f"the period ends ({end}) before it starts ({start})",
            code="rates.period_reversed",
            params={"start": start.strftime("%d/%m/%Y"), "end": end.strftime("%d/%m/%Y")},
        )
    if then_by is None:
        return () if grouping is None else (grouping,)
    if grouping is None:
        raise InvalidRatesRequestError(
            "a second grouping needs a first one", code="rates.second_grouping_alone"
        )
    if then_by is grouping or {grouping, then_by} <= set(TIME_GROUPINGS):
        raise InvalidRatesRequestError(
            f"cannot group by {grouping} and then by {then_by}: choose two different "
            "groupings, at most one of them month or week",
            code="rates.groupings_clash",
            params={"first": grouping, "second": then_by},
        )
    return (grouping, then_by)
