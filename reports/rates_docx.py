"""The rates report as a Vietnamese administrative report in Word (Decree 30/2020 layout):
heading with the number line and the place and date, title and period, the table of rates
with their points, optional charts, the indicator points, the definitions used and the
signer. Offices edit and sign it like any report they issue.

The table has a row per rate of each group (STT and group merged down its four rows:
intake, result, full, reuse), so
that numerator, denominator, rate and points each get a column wide enough on a portrait
A4 page: "100,00 %" (a no-break space before the sign) never wraps.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.table import WD_ALIGN_VERTICAL, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.image.exceptions import UnrecognizedImageError
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import Table, _Cell

from reports.decree30_layout import (
    TEXT_WIDTH,
    add_national_heading,
    add_rule,
    add_signer_block,
    format_date_line,
    format_number_line,
    set_up_document,
)
from reports.rates_errors import RatesFormatError
from reports.rates_labels import (
    BY_GROUPING,
    GROUP_HEADERS,
    RATE_NAMES,
    RATE_TITLES,
    REPORT_TITLE,
    describe_period,
    format_decimal,
    format_integer,
    format_percent,
    format_points,
    in_vietnam,
    list_notes,
    name_and_code,
    pick_rate,
    rate_figures,
)
from reports.rates_model import RatesReport

DEFAULT_SIGNER_TITLE = "Thủ trưởng cơ quan"
_TABLE_SIZE = Pt(11)
# STT, group, rate, numerator, denominator, rate, points: 164.9 mm, the text width.
_COLUMN_WIDTHS = (Mm(10.5), Mm(34.5), Mm(46), Mm(19), Mm(19), Mm(21), Mm(14.9))
_HEADERS = ("STT", None, "Chỉ tiêu", "Tử số", "Mẫu số", "Tỷ lệ", "Điểm")
_CHART_WIDTH = Mm(160)


def rates_docx_bytes(
    report: RatesReport,
    *,
    agency: str,
    signer_title: str = DEFAULT_SIGNER_TITLE,
    signer_name: str = "",
    place: str = "",
    number: str = "",
    abbreviation: str = "",
    recipients: Sequence[str] = (),
    charts: Sequence[Path | bytes] = (),
) -> bytes:
    """The report as a DOCX file.

    `agency`: the issuing agency, its managing agency first on a line of its own if any
    ("UBND TỈNH …\\nTRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG"); `place` opens the date line;
    `number` ("15") and the agency's `abbreviation` ("TTPVHCC") make the number line
    "Số: 15/BC-TTPVHCC", each left blank to be filled in when empty; `charts`: PNG or JPEG
    images placed under the table.
    """
    agency_lines = [line.strip() for line in agency.splitlines() if line.strip()]
    document = Document()
    set_up_document(
        document,
        title=f"Báo cáo {REPORT_TITLE.lower()}",
        author=agency_lines[-1] if agency_lines else "Sohoa",
        created=report.generated_at,
    )
    issued_on = in_vietnam(report.generated_at).date()
    add_national_heading(
        document,
        agency_lines,
        format_number_line(number, abbreviation),
        format_date_line(place, issued_on),
    )
    _add_title(document, report)
    _add_section(document, f"1. Tỷ lệ số hóa {BY_GROUPING[report.grouping]}")
    _add_table(document, report)
    for chart in charts:
        _add_chart(document, chart)
    _add_section(document, "2. Điểm chỉ số")
    _add_points(document, report)
    _add_section(document, "3. Ghi chú")
    for note in list_notes(report):
        _add_body(document, f"- {note}")
    add_signer_block(
        document, recipients=recipients, signer_title=signer_title, signer_name=signer_name
    )
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _add_title(document: DocxDocument, report: RatesReport) -> None:
    lines = (("BÁO CÁO", 14, 18), (REPORT_TITLE, 14, 0), (describe_period(report), 13, 0))
    for text, size, before in lines:
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.space_before = Pt(before)
        paragraph.paragraph_format.space_after = Pt(0)
        run = paragraph.add_run(text)
        run.bold, run.font.size = True, Pt(size)
    add_rule(document.add_paragraph(), Mm(45), TEXT_WIDTH)
    document.paragraphs[-1].paragraph_format.space_after = Pt(12)


def _add_section(document: DocxDocument, text: str) -> None:
    paragraph = document.add_paragraph()
    paragraph.paragraph_format.space_before = Pt(8)
    paragraph.paragraph_format.keep_with_next = True
    paragraph.add_run(text).bold = True


def _add_body(document: DocxDocument, text: str) -> None:
    paragraph = document.add_paragraph(text)
    paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    paragraph.paragraph_format.first_line_indent = Mm(10)


def _add_table(document: DocxDocument, report: RatesReport) -> None:
    groups = (*report.groups, report.total)
    per_group = len(RATE_NAMES)
    table = document.add_table(rows=1 + per_group * len(groups), cols=len(_COLUMN_WIDTHS))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _narrow_cell_margins(table)
    for column, width in zip(table.columns, _COLUMN_WIDTHS, strict=True):
        column.width = width
    for column, header in enumerate(_HEADERS):
        _write(table.cell(0, column), header or GROUP_HEADERS[report.grouping], bold=True)
    header = table.rows[0]._tr.get_or_add_trPr()
    header.append(OxmlElement("w:tblHeader"))
    for position, group in enumerate(groups):
        first = 1 + per_group * position
        total = group is report.total
        number = "" if total else str(position + 1)
        label = group.group if total else name_and_code(group, report.grouping)
        last = first + per_group - 1
        _write(table.cell(first, 0).merge(table.cell(last, 0)), number, bold=total)
        _write(table.cell(first, 1).merge(table.cell(last, 1)), label, bold=total,
               centred=False)  # fmt: skip
        for offset, name in enumerate(RATE_NAMES):
            cells = rate_figures(report, pick_rate(group, name))
            row = first + offset
            _write(table.cell(row, 2), RATE_TITLES[name], bold=total, centred=False)
            for column, text in enumerate(cells, 3):
                _write(table.cell(row, column), text, bold=total, right=True)
    for row in table.rows:
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
        for cell, width in zip(row.cells, _COLUMN_WIDTHS, strict=True):
            cell.width = width
    caption = document.add_paragraph(
        "Đơn vị tính: hồ sơ; tỷ lệ = tử số ÷ mẫu số × 100%; điểm theo mức đạt điểm tối đa "
        f"{format_decimal(report.full_points_at, None)}%."
    )
    caption.runs[0].italic, caption.runs[0].font.size = True, Pt(11)


def _write(
    cell: _Cell, text: str, *, bold: bool = False, right: bool = False, centred: bool = True
) -> None:
    cell.vertical_alignment = WD_ALIGN_VERTICAL.CENTER
    paragraph = cell.paragraphs[0]
    paragraph.paragraph_format.space_after = Pt(0)
    paragraph.paragraph_format.line_spacing = 1.0
    if right:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    elif centred:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(text)
    run.bold, run.font.size = bold, _TABLE_SIZE


def _narrow_cell_margins(table: Table) -> None:
    """1 mm each side instead of Word's 1.9 mm, so that nine figures fit across A4."""
    margins = OxmlElement("w:tblCellMar")
    for side in ("w:left", "w:right"):
        margin = OxmlElement(side)
        margin.set(qn("w:w"), str(Mm(1).twips))
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    table._tbl.tblPr.insert_element_before(
        margins, "w:tblLook", "w:tblCaption", "w:tblDescription", "w:tblPrChange"
    )


def _add_chart(document: DocxDocument, chart: Path | bytes) -> None:
    image = chart.read_bytes() if isinstance(chart, Path) else chart
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.space_before = Pt(6)
    try:
        paragraph.add_run().add_picture(io.BytesIO(image), width=_CHART_WIDTH)
    except UnrecognizedImageError as error:
        raise RatesFormatError(
            "A chart for the Word report is not a PNG or JPEG image: draw it as .png.",
            code="rates.chart_not_an_image",
        ) from error


def _add_points(document: DocxDocument, report: RatesReport) -> None:
    most = format_decimal(report.max_points, None)
    for name in RATE_NAMES:
        rate = pick_rate(report.total, name)
        points = format_points(rate.points(report.max_points, report.full_points_at))
        counts = f"{format_integer(rate.numerator)}/{format_integer(rate.denominator)} hồ sơ"
        _add_body(
            document,
            f"- {RATE_TITLES[name]}: {counts}, tỷ lệ {format_percent(rate.percent)}, "
            f"đạt {points}/{most} điểm.",
        )
