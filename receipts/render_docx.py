"""A receipt as a Word document: the same sheet as the PDF, for offices that edit or print
from Word. A4 portrait, Times New Roman, Decree 30/2020 margins, the QR code as a PNG.

The DOCX is a convenience copy: only the signed PDF is the electronic receipt.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import _Cell
from docx.text.paragraph import Paragraph

from receipts.model import ReceiptData
from receipts.output_file import write_whole
from receipts.qr_matrix import draw_qr_png, encode_qr
from receipts.qr_payload import payload_link
from receipts.receipt_sheet import COLUMN_WIDTHS_MM, Labelled, ReceiptSheet, compose_sheet

FONT_NAME = "Times New Roman"
_COLUMN_WIDTHS = tuple(Mm(width) for width in COLUMN_WIDTHS_MM)
"""As in the PDF. Word lays a table out by its grid (w:gridCol) and each cell's own width
(w:tcW): both are set, and autofit is off, so that Word and LibreOffice keep them."""


def render_receipt_docx(data: ReceiptData, target: Path, *, check_url: str = "") -> Path:
    """Write the receipt to `target` as a DOCX file and return `target`; with `check_url`,
    the QR code links to the public check page (see `payload_link`)."""
    return write_whole(target, receipt_docx_bytes(data, check_url=check_url))


def receipt_docx_bytes(data: ReceiptData, *, check_url: str = "") -> bytes:
    """The DOCX of the receipt, in memory."""
    sheet = compose_sheet(data)
    document = Document()
    _set_up(document, sheet, data)
    _header(document, sheet)
    _title(document, sheet)
    for item in sheet.parties:
        _labelled(document.add_paragraph(), item)
    _table(document, sheet)
    _labelled(document.add_paragraph(), sheet.total_in_words)
    for note in sheet.notes:
        _labelled(document.add_paragraph(), note, bold=False)
    _footer(document, sheet, payload_link(sheet.qr_text, check_url))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _set_up(document: DocxDocument, sheet: ReceiptSheet, data: ReceiptData) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(20)
    normal = document.styles["Normal"]
    normal.font.name = FONT_NAME
    normal.font.size = Pt(12)
    fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), FONT_NAME)
    normal.paragraph_format.space_after = Pt(2)
    properties = document.core_properties
    properties.title = sheet.document_title[:255]
    properties.author = properties.last_modified_by = sheet.author[:255]
    properties.subject = sheet.qr_text
    properties.comments = properties.keywords = ""
    properties.language = "vi-VN"
    # python-docx writes the clock time followed by "Z": give it UTC.
    properties.created = properties.modified = data.issued_at.astimezone(dt.UTC)
    properties.revision = 1


def _header(document: DocxDocument, sheet: ReceiptSheet) -> None:
    table = document.add_table(rows=1, cols=2)
    left, right = table.rows[0].cells
    left.width, right.width = Mm(100), Mm(60)
    for cell, items in ((left, sheet.issuer), (right, sheet.identity)):
        for index, item in enumerate(items):
            paragraph = cell.paragraphs[0] if index == 0 else cell.add_paragraph()
            _labelled(paragraph, item, size=11.5)


def _title(document: DocxDocument, sheet: ReceiptSheet) -> None:
    lines = [(sheet.title, True, 16), (sheet.subtitle, False, 11), (sheet.date_line, False, 12)]
    if sheet.replaces_line:
        lines.append((sheet.replaces_line, True, 12))
    for index, (text, bold, size) in enumerate(lines):
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if index == 0:
            paragraph.paragraph_format.space_before = Pt(18)
        run = paragraph.add_run(text)
        run.bold, run.font.size = bold, Pt(size)
    document.paragraphs[-1].paragraph_format.space_after = Pt(12)


def _table(document: DocxDocument, sheet: ReceiptSheet) -> None:
    rows = [(row.position, row.name, row.kind, row.amount) for row in sheet.rows]
    table = document.add_table(rows=len(rows) + 2, cols=4)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for column, width in zip(table.columns, _COLUMN_WIDTHS, strict=True):
        column.width = width
    for cell_index, text in enumerate(sheet.columns):
        _cell(table.cell(0, cell_index), text, cell_index, bold=True, centred=True)
    for row_index, cells in enumerate(rows, 1):
        for cell_index, text in enumerate(cells):
            _cell(table.cell(row_index, cell_index), text, cell_index)
    last = len(rows) + 1
    label = table.cell(last, 0).merge(table.cell(last, 2))
    _cell(label, sheet.total_label, 1, bold=True, centred=True)
    label.width = Mm(sum(COLUMN_WIDTHS_MM[:3]))
    _cell(table.cell(last, 3), sheet.total, 3, bold=True)
    document.add_paragraph().paragraph_format.space_after = Pt(0)


def _cell(
    cell: _Cell, text: str, column: int, *, bold: bool = False, centred: bool = False
) -> None:
    cell.width = _COLUMN_WIDTHS[column]
    paragraph = cell.paragraphs[0]
    run = paragraph.add_run(text)
    run.bold, run.font.size = bold, Pt(11.5)
    if centred or column in (0, 2):
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    elif column == 3:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT


def _footer(document: DocxDocument, sheet: ReceiptSheet, qr_text: str) -> None:
    document.add_paragraph().paragraph_format.space_before = Pt(24)
    table = document.add_table(rows=1, cols=2)
    left, right = table.rows[0].cells
    left.width, right.width = Mm(100), Mm(60)
    picture = left.paragraphs[0].add_run()
    picture.add_picture(io.BytesIO(draw_qr_png(encode_qr(qr_text))), width=Mm(32))
    for text, size in (
        (sheet.qr_caption, 10),
        (f"{sheet.digest_label.label}:", 10),
        (sheet.digest_label.value, 8),
    ):
        left.add_paragraph().add_run(text).font.size = Pt(size)
    title = right.paragraphs[0]
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.add_run(sheet.signer_title).bold = True
    hint = right.add_paragraph()
    hint.alignment = WD_ALIGN_PARAGRAPH.CENTER
    hint.add_run(sheet.signer_hint).font.size = Pt(10.5)
    if sheet.collector:
        # Below the room the signature takes in the PDF (25 mm), centred like the heading.
        name = right.add_paragraph()
        name.alignment = WD_ALIGN_PARAGRAPH.CENTER
        name.paragraph_format.space_before = Pt(60)
        name.add_run(sheet.collector).bold = True


def _labelled(paragraph: Paragraph, item: Labelled, *, size: float = 12, bold: bool = True) -> None:
    paragraph.add_run(f"{item.label}: ").font.size = Pt(size)
    value = paragraph.add_run(item.value)
    value.bold, value.font.size = bold, Pt(size)
