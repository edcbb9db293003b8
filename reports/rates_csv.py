"""The rates report as CSV, for other programs: one row per group, then the total row,
then (when given) the dossiers still missing their digitized papers.

UTF-8 with a byte order mark so that Excel reads the diacritics; comma-separated and a
"." decimal point (RFC 4180), so the numbers parse anywhere. Excel set to Vietnamese
regional settings expects ";" between fields: give those users the XLSX.
A rate is its percent with two decimals ("95.70"); an empty denominator is "N/A" in the
rate and points columns (pandas reads it as a missing value), never 0. Times are Vietnam
time, "2026-10-03 08:15". Each rate also gives both numerators, whatever the rule in force:
the dossiers counted with their documents attached ("đã gắn hồ sơ") and with them signed,
the signature verified ("đã ký số hợp lệ").
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from reports.rates_labels import (
    GROUP_HEADERS,
    MISSING_HEADERS,
    NAME_HEADERS,
    NOT_APPLICABLE,
    RATE_NAMES,
    RATE_TITLES,
    describe_missing,
    in_vietnam,
    pick_rate,
)
from reports.rates_model import GroupRates, MissingDossier, RatesReport
from reports.spreadsheet_cells import inert_csv_rows

_TIME = "%Y-%m-%d %H:%M"


def rates_csv_bytes(report: RatesReport, missing: Sequence[MissingDossier] = ()) -> bytes:
    text = io.StringIO()
    rows: list[Sequence[object]] = [_header(report)]
    rows += [_row(report, group) for group in (*report.groups, report.total)]
    if missing:
        rows += [[], MISSING_HEADERS]
        rows += [_missing_row(dossier) for dossier in missing]
    csv.writer(text).writerows(inert_csv_rows(rows))
    return text.getvalue().encode("utf-8-sig")


def _header(report: RatesReport) -> list[str]:
    header = [GROUP_HEADERS[report.grouping]]
    if report.grouping in NAME_HEADERS:
        header.append(NAME_HEADERS[report.grouping])
    for name in RATE_NAMES:
        title = RATE_TITLES[name]
        header += [f"{title} - tử số", f"{title} - mẫu số", f"{title} - tỷ lệ (%)"]
        header.append(f"{title} - điểm")
        header += [f"{title} - đã gắn hồ sơ", f"{title} - đã ký số hợp lệ"]
    return [*header, "Từ ngày", "Đến ngày"]


def _row(report: RatesReport, group: GroupRates) -> list[object]:
    row: list[object] = [group.group]
    if report.grouping in NAME_HEADERS:
        row.append(group.group_name or "")
    for name in RATE_NAMES:
        rate = pick_rate(group, name)
        points = rate.points(report.max_points, report.full_points_at)
        row += [rate.numerator, rate.denominator]
        row += [_or_not_applicable(rate.percent), _or_not_applicable(points)]
        row += [_or_not_applicable(rate.tagged), _or_not_applicable(rate.signed)]
    return [*row, report.start.isoformat(), report.end.isoformat()]


def _missing_row(dossier: MissingDossier) -> list[str]:
    resolved = dossier.resolved_at
    return [
        dossier.code,
        dossier.unit or "",
        dossier.unit_name or "",
        dossier.procedure or "",
        dossier.procedure_name or "",
        f"{in_vietnam(dossier.received_at):{_TIME}}",
        "" if resolved is None else f"{in_vietnam(resolved):{_TIME}}",
        describe_missing(dossier.missing),
        dossier.detail,
    ]


def _or_not_applicable(value: object | None) -> object:
    return NOT_APPLICABLE if value is None else value
