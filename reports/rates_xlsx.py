"""The rates report as an Excel workbook: the rates, the definitions used and, when given,
the dossiers still missing their digitized papers, one sheet each.

Numerators and denominators are whole numbers; a rate is its percent as a number with two
decimals (95.7 shown "95.70", the column headed "(%)"): the very figure the report prints,
not a fraction Excel would round again. An empty denominator is the text "N/A".
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from reports.rates_labels import (
    GROUP_HEADERS,
    MISSING_HEADERS,
    NAME_HEADERS,
    NOT_APPLICABLE,
    RATE_NAMES,
    RATE_TITLES,
    REPORT_TITLE,
    describe_missing,
    describe_period,
    in_vietnam,
    list_notes,
    pick_rate,
)
from reports.rates_model import GroupRates, MissingDossier, RatesReport
from reports.spreadsheet_cells import make_text_inert

RATES_SHEET = "Tỷ lệ số hóa"
NOTES_SHEET = "Định nghĩa"
MISSING_SHEET = "Hồ sơ chưa số hóa"

_COUNT_FORMAT = "#,##0"
_DECIMAL_FORMAT = "0.00"
_TIME_FORMAT = "dd/mm/yyyy hh:mm"
_HEADER_ROWS = 5
_BOLD = Font(bold=True)
_SHADE = PatternFill("solid", fgColor="DDE4EE")
_THIN = Side(style="thin", color="808080")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_CENTRED = Alignment(horizontal="center", vertical="center", wrap_text=True)
_RIGHT = Alignment(horizontal="right")


def rates_xlsx_bytes(report: RatesReport, missing: Sequence[MissingDossier] = ()) -> bytes:
    workbook = Workbook()
    workbook.properties.title = REPORT_TITLE
    workbook.properties.creator = "Sohoa"
    workbook.properties.language = "vi-VN"
    _fill_rates(workbook.active, report)
    _fill_notes(workbook.create_sheet(NOTES_SHEET), report)
    if missing:
        _fill_missing(workbook.create_sheet(MISSING_SHEET), missing)
    make_text_inert(workbook)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _fill_rates(sheet: Any, report: RatesReport) -> None:
    sheet.title = RATES_SHEET
    sheet["A1"] = REPORT_TITLE.upper()
    sheet["A1"].font = Font(bold=True, size=13)
    sheet["A2"] = describe_period(report)
    sheet["A2"].font = Font(italic=True)
    sheet.merge_cells(start_row=4, start_column=1, end_row=5, end_column=1)
    sheet.cell(4, 1, GROUP_HEADERS[report.grouping])
    named = report.grouping in NAME_HEADERS
    if named:
        sheet.merge_cells(start_row=4, start_column=2, end_row=5, end_column=2)
        sheet.cell(4, 2, NAME_HEADERS[report.grouping])
    for index, name in enumerate(RATE_NAMES):
        first = 2 + named + 4 * index
        sheet.merge_cells(start_row=4, start_column=first, end_row=4, end_column=first + 3)
        sheet.cell(4, first, RATE_TITLES[name])
        for offset, text in enumerate(("Tử số", "Mẫu số", "Tỷ lệ (%)", "Điểm")):
            sheet.cell(5, first + offset, text)
    last_column = 1 + named + 4 * len(RATE_NAMES)
    for row in sheet.iter_rows(min_row=4, max_row=_HEADER_ROWS, max_col=last_column):
        for cell in row:
            cell.font, cell.fill, cell.border, cell.alignment = _BOLD, _SHADE, _BOX, _CENTRED
    for group in report.groups:
        _append_group(sheet, report, group)
    _append_group(sheet, report, report.total)
    for cell in sheet[sheet.max_row]:
        cell.font = _BOLD
    sheet.column_dimensions["A"].width = 24
    for column in range(2, last_column + 1):
        sheet.column_dimensions[get_column_letter(column)].width = 12
    if named:
        sheet.column_dimensions["B"].width = 36
    sheet.row_dimensions[4].height = 32
    sheet.freeze_panes = sheet.cell(_HEADER_ROWS + 1, 2 + named)


def _append_group(sheet: Any, report: RatesReport, group: GroupRates) -> None:
    named = report.grouping in NAME_HEADERS
    row: list[object] = [group.group, *([group.group_name] if named else [])]
    for name in RATE_NAMES:
        rate = pick_rate(group, name)
        points = rate.points(report.max_points, report.full_points_at)
        row += [rate.numerator, rate.denominator, _number(rate.percent), _number(points)]
    sheet.append(row)
    for column, cell in enumerate(sheet[sheet.max_row][1 + named :]):
        cell.border = _BOX
        if cell.value == NOT_APPLICABLE:
            cell.alignment = _RIGHT
        else:
            cell.number_format = _COUNT_FORMAT if column % 4 < 2 else _DECIMAL_FORMAT
    for column in range(1, 2 + named):
        sheet.cell(sheet.max_row, column).border = _BOX


def _fill_notes(sheet: Any, report: RatesReport) -> None:
    sheet["A1"] = "Định nghĩa và cách tính"
    sheet["A1"].font = _BOLD
    for note in list_notes(report):
        sheet.append([note])
        sheet.cell(sheet.max_row, 1).alignment = Alignment(wrap_text=True, vertical="top")
    sheet.column_dimensions["A"].width = 110


def _fill_missing(sheet: Any, missing: Sequence[MissingDossier]) -> None:
    sheet.append(MISSING_HEADERS)
    for cell in sheet[1]:
        cell.font, cell.fill = _BOLD, _SHADE
    for dossier in missing:
        resolved = dossier.resolved_at
        sheet.append(
            [
                dossier.code,
                dossier.unit,
                dossier.unit_name,
                dossier.procedure,
                dossier.procedure_name,
                # Excel has no time zones: the clock time in Vietnam.
                in_vietnam(dossier.received_at).replace(tzinfo=None),
                None if resolved is None else in_vietnam(resolved).replace(tzinfo=None),
                describe_missing(dossier.missing),
                dossier.detail or None,
            ]
        )
        for cell in sheet[sheet.max_row][5:7]:
            cell.number_format = _TIME_FORMAT
    for column, width in zip("ABCDEFGHI", (30, 16, 28, 16, 36, 17, 17, 32, 50), strict=True):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions


def _number(value: Decimal | None) -> float | str:
    return NOT_APPLICABLE if value is None else float(value)
