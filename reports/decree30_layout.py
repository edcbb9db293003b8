"""The frame of a Vietnamese administrative document in Word, per Decree 30/2020/NĐ-CP,
Appendix I: A4 page, margins, Times New Roman, paragraphs at least 6 pt apart ("khoảng cách
giữa các đoạn văn tối thiểu là 6pt", Part I, II.5.e), the national heading, the number line
("Số: 05/BC-TTPVHCC": "Báo cáo" is abbreviated BC, Appendix III; numbers below 10 take a
leading zero) with the place and date in italics on the same line ("Địa danh và thời gian …
được trình bày trên cùng một dòng với số, ký hiệu văn bản"), page numbers from page 2, the
recipients and the signer. The signer block has no "(Ký, ghi rõ họ tên)": that line belongs
to other forms, not to Decree 30. Keeping the signer block on one page is not written in the
decree; it is layout practice (the block is one table row that may not split).
The report's own content goes between them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from docx.document import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.section import Section
from docx.shared import Length, Mm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

FONT_NAME = "Times New Roman"
BODY_SIZE = Pt(13)
TEXT_WIDTH = Mm(164.9)
"""A4 width less the left (30 mm) and right (15.1 mm) margins."""
PARAGRAPH_SPACING = Pt(6)
"""Between paragraphs: the decree's minimum."""
REPORT_KIND = "BC"
"""The abbreviation of "Báo cáo" in the number line (Decree 30/2020, Appendix III)."""
NUMBER_BLANK = "\u00a0" * 8
"""Room for the number to be written by the clerical office when none is given."""
NATIONAL_NAME = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"

_LEFT_WIDTH, _RIGHT_WIDTH = Mm(64.9), Mm(100)
# What is left inside those cells after Word's default cell margins (1.9 mm each side).
_LEFT_ROOM, _RIGHT_ROOM = Mm(64.9 - 3.8), Mm(100 - 3.8)
_MOTTO_RULE = Mm(57)
"""About the width of the motto in 13 pt bold Times New Roman (56 mm), as the decree draws it."""
# The elements that follow w:pBdr in a paragraph's properties, among those Sohoa sets.
_AFTER_BORDER = ("w:shd", "w:tabs", "w:spacing", "w:ind", "w:jc", "w:rPr")


def set_up_document(
    document: DocxDocument, *, title: str, author: str, created: dt.datetime
) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = section.bottom_margin = Mm(20)
    # Word stores twentieths of a point: 15 mm would come back as 14.99 mm, outside the rule.
    section.left_margin, section.right_margin = Mm(30), Mm(15.1)
    section.header_distance = Mm(10)
    normal = document.styles["Normal"]
    normal.font.name = FONT_NAME
    normal.font.size = BODY_SIZE
    run_properties = normal.element.get_or_add_rPr()
    fonts = run_properties.get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), FONT_NAME)
    language = OxmlElement("w:lang")
    language.set(qn("w:val"), "vi-VN")
    run_properties.insert_element_before(language, "w:eastAsianLayout", "w:specVanish", "w:oMath")
    normal.paragraph_format.space_after = PARAGRAPH_SPACING
    normal.paragraph_format.line_spacing = 1.1
    core = document.core_properties
    core.title = title[:255]
    core.author = core.last_modified_by = author[:255]
    core.comments = core.keywords = ""
    core.language = "vi-VN"
    # python-docx writes the clock time followed by "Z": give it UTC.
    core.created = core.modified = created.astimezone(dt.UTC)
    core.revision = 1
    _number_pages(section)


def add_national_heading(
    document: DocxDocument, agency_lines: Sequence[str], number: str, date_line: str
) -> None:
    """The agency (the managing agency in plain capitals, the issuing one bold, a short rule
    under it) on the left and the national name and the motto with its rule on the right;
    under them, in a second row so that they share a line, the number line on the left and
    the place and date in italics on the right."""
    table = document.add_table(rows=2, cols=2)
    (left, right), (number_cell, date_cell) = (row.cells for row in table.rows)
    _set_widths(table, (_LEFT_WIDTH, _RIGHT_WIDTH))
    for index, line in enumerate(agency_lines):
        _add_line(left, line.upper(), bold=index == len(agency_lines) - 1, size=12)
    add_rule(left.add_paragraph(), Mm(25), _LEFT_ROOM)
    _add_line(right, NATIONAL_NAME, bold=True, size=12)
    _add_line(right, MOTTO, bold=True, size=13)
    add_rule(right.add_paragraph(), _MOTTO_RULE, _RIGHT_ROOM)
    _add_line(number_cell, number, size=13)
    _add_line(date_cell, date_line, size=13).runs[0].italic = True


def format_number_line(number: str, abbreviation: str) -> str:
    """ "Số: 05/BC-TTPVHCC"; without a number, room to write it by hand; without the
    agency's abbreviation, dots in its place."""
    shown = number.strip()
    if shown.isdigit():
        shown = f"{int(shown):02d}"
    symbol = abbreviation.strip() or "……"
    return f"Số: {shown or NUMBER_BLANK}/{REPORT_KIND}-{symbol}"


def add_rule(paragraph: Paragraph, length: Length, room: Length) -> None:
    """Make the empty `paragraph` a solid rule of `length`, centred in `room`: a bottom
    border narrowed by indents on a paragraph of almost no height, which Word and
    LibreOffice both draw."""
    indent = Length((room - length) // 2)
    layout = paragraph.paragraph_format
    layout.left_indent = layout.right_indent = indent
    layout.line_spacing = Pt(1)
    layout.space_before, layout.space_after = Pt(2), Pt(6)
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for name, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1")):
        bottom.set(qn(name), value)
    bottom.set(qn("w:color"), "000000")
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().insert_element_before(borders, *_AFTER_BORDER)


def add_signer_block(
    document: DocxDocument, *, recipients: Sequence[str], signer_title: str, signer_name: str
) -> None:
    """ "Nơi nhận" on the left; on the right the signer's title (its lines, e.g. "KT. GIÁM
    ĐỐC" then "PHÓ GIÁM ĐỐC") and name. One table row that may not break across pages, kept
    with what comes before it."""
    spacer = document.add_paragraph()
    spacer.paragraph_format.keep_with_next = True
    table = document.add_table(rows=1, cols=2)
    _keep_on_one_page(table)
    left, right = table.rows[0].cells
    _set_widths(table, (Mm(80), Mm(84.9)))
    heading = _add_line(left, "Nơi nhận:", bold=True, size=12, centred=False)
    heading.runs[0].italic = True
    lines = [f"- {recipient};" for recipient in recipients] + ["- Lưu: VT."]
    for line in lines:
        _add_line(left, line, size=11, centred=False).paragraph_format.space_after = Pt(0)
    for line in signer_title.splitlines() or [""]:
        _add_line(right, line.strip().upper(), bold=True, size=13)
    # Room for the signature (and seal) even when the name is left to be written by hand.
    _add_line(right, signer_name, bold=True, size=13).paragraph_format.space_before = Pt(72)
    for cell in (left, right):
        for paragraph in cell.paragraphs:
            paragraph.paragraph_format.keep_with_next = True
            paragraph.paragraph_format.keep_together = True


def _keep_on_one_page(table: Table) -> None:
    """Each row of `table` stays whole on one page (Word's and LibreOffice's "cantSplit")."""
    for row in table.rows:
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))


def format_date_line(place: str, day: dt.date) -> str:
    """ "Hà Nội, ngày 05 tháng 02 năm 2026": days below 10 and months 1 and 2 take a leading
    zero (Decree 30/2020, Appendix I)."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{place or '……'}, ngày {day.day:02d} tháng {month} năm {day.year}"


def _add_line(
    cell: _Cell, text: str, *, bold: bool = False, size: float, centred: bool = True
) -> Paragraph:
    """A new paragraph at the end of `cell`, or its first one while that is still empty."""
    first: Paragraph = cell.paragraphs[0]
    fresh = len(cell.paragraphs) == 1 and not first.runs
    paragraph = first if fresh else cell.add_paragraph()
    if centred:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.space_after = Pt(0)
    run = paragraph.add_run(text)
    run.bold, run.font.size = bold, Pt(size)
    return paragraph


def _set_widths(table: Table, widths: Sequence[Length]) -> None:
    table.autofit = False
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
        for cell in column.cells:
            cell.width = width


def _number_pages(section: Section) -> None:
    """Page numbers centred at the top from page 2 on; the first page shows none."""
    section.different_first_page_header_footer = True
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), " PAGE ")
    run = paragraph.add_run("2")  # what shows until the reader updates the field
    run.font.size = BODY_SIZE
    field.append(run._r)  # lxml moves the run into the field
    paragraph._p.append(field)
