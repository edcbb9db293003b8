"""How the pages write times, money and counts: Vietnam time, Vietnamese separators."""

from __future__ import annotations

import datetime as dt

from reports.rates_labels import format_integer, in_vietnam


def vn_time(moment: dt.datetime | None) -> str:
    return "" if moment is None else f"{in_vietnam(moment):%d/%m/%Y %H:%M}"


def vn_date(moment: dt.datetime | dt.date | None) -> str:
    if moment is None:
        return ""
    day = in_vietnam(moment).date() if isinstance(moment, dt.datetime) else moment
    return f"{day:%d/%m/%Y}"


def vn_money(amount: int | None) -> str:
    return "" if amount is None else f"{format_integer(amount)} đ"


def vn_count(value: int | None) -> str:
    return "" if value is None else format_integer(value)


FILTERS = {"vn_time": vn_time, "vn_date": vn_date, "vn_money": vn_money, "vn_count": vn_count}
