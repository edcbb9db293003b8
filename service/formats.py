"""How both faces write times, dates, counts, money and percentages: Vietnam time and the
Vietnamese separators, the same on a page and on a terminal ("03/12/2026 22:55",
"1.234", "20.000 đ", "80,00 %"). Machine output (JSON, CSV) keeps ISO times and integers.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from reports.rates_labels import format_integer, format_percent, in_vietnam


def vn_time(moment: dt.datetime | None) -> str:
    return "" if moment is None else f"{in_vietnam(moment):%d/%m/%Y %H:%M}"


def vn_time_in_words(moment: dt.datetime | None) -> str:
    """ "22:55:56 ngày 03/12/2026": how a receipt says when it was issued and signed."""
    if moment is None:
        return ""
    local = in_vietnam(moment)
    return f"{local:%H:%M:%S} ngày {local:%d/%m/%Y}"


def vn_date(moment: dt.datetime | dt.date | None) -> str:
    if moment is None:
        return ""
    day = in_vietnam(moment).date() if isinstance(moment, dt.datetime) else moment
    return f"{day:%d/%m/%Y}"


def vn_money(amount: int | None) -> str:
    return "" if amount is None else f"{format_integer(amount)} đ"


def vn_count(value: int | None) -> str:
    return "" if value is None else format_integer(value)


def vn_percent(percent: Decimal | None) -> str:
    """ "80,00 %" with a no-break space, so the sign never wraps away; "N/A" without a
    denominator."""
    return format_percent(percent)
