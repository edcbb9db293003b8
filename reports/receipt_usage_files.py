"""The receipt usage report as a CSV file or an XLSX workbook (the terminal's table is the
command line's own)."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

from config import ConfigError
from reports.receipt_usage_model import SeriesUsage
from reports.spreadsheet_cells import inert_csv_rows, make_text_inert

_COLUMNS = (
    "form",
    "series",
    "first number",
    "last number",
    "used",
    "issued",
    "cancelled",
    "replaced",
    "failed",
    "total (đồng)",
)


def write_usage(
    usages: list[SeriesUsage], period: tuple[date, date], target: Path, proof: str | None = None
) -> None:
    """CSV or XLSX by the file's suffix: a summary row per series, then its fees. The
    workbook ends with the audit trail's `proof`; the CSV file stays data only."""
    rows = _rows(usages)
    if target.suffix.lower() == ".csv":
        with target.open("w", encoding="utf-8-sig", newline="") as file:
            csv.writer(file).writerows(inert_csv_rows(rows))
    elif target.suffix.lower() == ".xlsx":
        _write_xlsx([*rows, [], [proof]] if proof else rows, period, target)
    else:
        raise ConfigError(
            f"{target}: the report is written as .csv or .xlsx.",
            code="receipt_usage.file_format",
            params={"file": target},
        )


def _rows(usages: list[SeriesUsage]) -> list[list[object]]:
    rows: list[list[object]] = [list(_COLUMNS)]
    for usage in usages:
        rows.append(list(_values(usage)))
    rows.append([])
    rows.append(["series", "fee or charge", "total (đồng)"])
    for usage in usages:
        rows.extend([usage.series_symbol, name, amount] for name, amount in usage.by_fee.items())
    rows.append([])
    rows.append(["series", "state", "numbers"])
    for usage in usages:
        for state, numbers in usage.numbers_not_valid.items():
            if numbers:
                rows.append([usage.series_symbol, state, ", ".join(map(str, numbers))])
    return rows


def _values(usage: SeriesUsage) -> tuple[object, ...]:
    return (
        usage.form_symbol,
        usage.series_symbol,
        usage.first_number,
        usage.last_number,
        usage.used,
        usage.issued,
        usage.cancelled,
        usage.replaced,
        usage.failed,
        usage.total,
    )


def _write_xlsx(rows: list[list[object]], period: tuple[date, date], target: Path) -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = f"{period[0]:%Y%m%d}-{period[1]:%Y%m%d}"
    for row in rows:
        sheet.append(row)
    make_text_inert(workbook)
    workbook.save(target)
