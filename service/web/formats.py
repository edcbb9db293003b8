"""The template filters: the formats both faces share (`service.formats`)."""

from __future__ import annotations

from service.formats import vn_count, vn_date, vn_money, vn_percent, vn_time, vn_time_in_words

__all__ = [
    "FILTERS",
    "vn_count",
    "vn_date",
    "vn_money",
    "vn_percent",
    "vn_time",
    "vn_time_in_words",
]

FILTERS = {
    "vn_time": vn_time,
    "vn_time_in_words": vn_time_in_words,
    "vn_date": vn_date,
    "vn_money": vn_money,
    "vn_count": vn_count,
    "vn_percent": vn_percent,
}
