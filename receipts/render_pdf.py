"""A receipt as a one-page A4 portrait PDF with embedded fonts and a vector QR code.

A4 portrait, like every administrative document (Decree 30/2020): the page the office's
printers, folders and scanned dossiers already use, with room for long organization
names, many fee lines, the QR code and a 60 × 25 mm signature stamp without shrinking
the text. Margins follow Decree 30: 20 mm top and bottom, 30 mm left, 20 mm right.

The bottom of the page is kept for the QR code (left) and the collector's block (right):
the heading "NGƯỜI THU TIỀN", the hint "(Chữ ký số)", the signature and the collector's
full name, all centred on one vertical line, the centre of SIGNATURE_BOX. The signature
itself is added later by the signing module, as a visible stamp in SIGNATURE_BOX or
invisibly; nothing is drawn inside that box.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from receipts.model import ReceiptData
from receipts.output_file import write_whole
from receipts.pdf_fonts import PdfFonts, load_fonts
from receipts.qr_matrix import encode_qr
from receipts.qr_payload import payload_link
from receipts.receipt_sheet import COLUMN_WIDTHS_MM, Labelled, ReceiptSheet, compose_sheet
from receipts.receipt_text import vietnam_time
from receipts.render_errors import InvalidReceiptError


@dataclass(frozen=True)
class PageRect:
    """A rectangle on page 1 in PDF points, default user space (origin bottom-left)."""

    left: float
    bottom: float
    right: float
    top: float

    @property
    def width(self) -> float:
        return self.right - self.left

    @property
    def height(self) -> float:
        return self.top - self.bottom


PAGE_WIDTH, PAGE_HEIGHT = A4
LEFT, RIGHT, TOP, BOTTOM = 30 * mm, PAGE_WIDTH - 20 * mm, PAGE_HEIGHT - 20 * mm, 20 * mm
SIGNATURE_BOX = PageRect(left=130 * mm, bottom=25 * mm, right=190 * mm, top=50 * mm)
"""Where the signing module puts the collector's visible stamp: 60 × 25 mm at the bottom
right of page 1, 20 mm from the right edge and 25 mm from the bottom (points:
368.50, 70.87, 538.58, 141.73). Left empty by the renderer."""
QR_BOX = PageRect(left=LEFT, bottom=25 * mm, right=LEFT + 32 * mm, top=57 * mm)
BODY_FLOOR = 68 * mm
"""The body (header, fee table, notes) must end above this line."""
COLLECTOR_BASELINE = SIGNATURE_BOX.bottom - 5 * mm
"""The collector's name, under the signature box (20 mm from the bottom: the margin)."""
COLLECTOR_SIZE, COLLECTOR_MIN_SIZE = 12.0, 7.0
TITLE_SIZE = 16.0

_HEADER_SPLIT = 120 * mm
_IDENTITY_LEFT = SIGNATURE_BOX.left
_COLUMN_WIDTHS = tuple(width * mm for width in COLUMN_WIDTHS_MM)
assert abs(sum(_COLUMN_WIDTHS) - (RIGHT - LEFT)) < 0.01, "the table fills the text width"
_CELL_PADDING = 4.0
_BLACK = (0, 0, 0)


def render_receipt_pdf(
    data: ReceiptData, target: Path, *, font: Path | None = None, check_url: str = ""
) -> Path:
    """Write the receipt to `target` as a one-page A4 PDF and return `target`.

    `font` is a TrueType file to use instead of FreeSerif (see receipts.pdf_fonts);
    `check_url`, the public check page the QR code links to (see `payload_link`).
    """
    return write_whole(target, receipt_pdf_bytes(data, font=font, check_url=check_url))


def check_printable(data: ReceiptData, *, font: Path | None = None) -> None:
    """Refuse, before a number is used, what the renderer would refuse: missing or malformed
    fields, characters the font lacks. (A receipt too long for its page is found only
    when it is laid out.)"""
    load_fonts(font).check_covers(_texts(compose_sheet(data)))


def receipt_pdf_bytes(data: ReceiptData, *, font: Path | None = None, check_url: str = "") -> bytes:
    """The PDF of the receipt, in memory."""
    sheet = compose_sheet(data)
    fonts = load_fonts(font)
    fonts.check_covers(_texts(sheet))
    buffer = io.BytesIO()
    canvas = Canvas(
        buffer,
        pagesize=A4,
        invariant=True,
        pageCompression=True,
        lang="vi",
        initialFontName=fonts.regular,  # type: ignore[arg-type]  # stubs say float
    )
    _describe(canvas, sheet, data.issued_at)
    page = _Page(canvas, fonts)
    page.draw_header(sheet)
    page.draw_title(sheet)
    page.draw_parties(sheet)
    page.draw_table(sheet)
    page.draw_footer(sheet, payload_link(sheet.qr_text, check_url))
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _describe(canvas: Canvas, sheet: ReceiptSheet, issued_at: dt.datetime) -> None:
    canvas.setTitle(sheet.document_title)
    canvas.setAuthor(sheet.author)
    canvas.setSubject(sheet.qr_text)
    canvas.setCreator("Sohoa")
    canvas.setProducer("Sohoa (ReportLab)")
    local = vietnam_time(issued_at)
    offset = local.strftime("%z")
    stamp = f"D:{local:%Y%m%d%H%M%S}{offset[:3]}'{offset[3:]}'"
    canvas.setDateFormatter(lambda *_: stamp)


def _texts(sheet: ReceiptSheet) -> list[str]:
    labelled = [*sheet.issuer, *sheet.identity, *sheet.parties, sheet.total_in_words]
    labelled += [*sheet.notes, sheet.digest_label]
    rows = [text for row in sheet.rows for text in (row.position, row.name, row.kind, row.amount)]
    return [
        *(f"{item.label}: {item.value}" for item in labelled),
        *rows,
        *sheet.columns,
        sheet.title,
        sheet.subtitle,
        sheet.date_line,
        sheet.replaces_line or "",
        sheet.total_label,
        sheet.total,
        sheet.signer_title,
        sheet.signer_hint,
        sheet.collector,
        sheet.qr_caption,
    ]


class _Page:
    """Draws the sheet top-down; `y` is the top of the next thing to draw."""

    def __init__(self, canvas: Canvas, fonts: PdfFonts) -> None:
        self.canvas = canvas
        self.fonts = fonts
        self.y = TOP
        canvas.setFillColorRGB(*_BLACK)
        canvas.setStrokeColorRGB(*_BLACK)

    def draw_header(self, sheet: ReceiptSheet) -> None:
        top = self.y
        issuer_bottom = self._labelled_block(sheet.issuer, LEFT, _HEADER_SPLIT - LEFT, 11.5)
        self.y = top
        identity_bottom = self._labelled_block(
            sheet.identity, _IDENTITY_LEFT, RIGHT - _IDENTITY_LEFT, 11.5
        )
        self.y = min(issuer_bottom, identity_bottom) - 4
        self.canvas.setLineWidth(0.6)
        self.canvas.line(LEFT, self.y, RIGHT, self.y)

    def draw_title(self, sheet: ReceiptSheet) -> None:
        self.y -= 10 * mm
        # A long kind (the default one is 51 characters) is set smaller to keep to one line.
        size = TITLE_SIZE
        while stringWidth(sheet.title, self.fonts.bold, size) > RIGHT - LEFT and size > 13:
            size -= 0.5
        self._centred(sheet.title, self.fonts.bold, size, leading=size + 4)
        self._centred(sheet.subtitle, self.fonts.regular, 11, leading=15)
        self._centred(sheet.date_line, self.fonts.regular, 12, leading=16)
        if sheet.replaces_line:
            self._centred(sheet.replaces_line, self.fonts.bold, 12, leading=16)

    def draw_parties(self, sheet: ReceiptSheet) -> None:
        self.y -= 5 * mm
        self.y = self._labelled_block(sheet.parties, LEFT, RIGHT - LEFT, 12)

    def draw_table(self, sheet: ReceiptSheet) -> None:
        self.y -= 3 * mm
        size, leading = 11.5, 14.0
        self._row(sheet.columns, self.fonts.bold, size, leading, header=True)
        for row in sheet.rows:
            self._row(
                (row.position, row.name, row.kind, row.amount), self.fonts.regular, size, leading
            )
        self._total_row(sheet.total_label, sheet.total, size, leading)
        self.y -= 4
        self.y = self._labelled_block((sheet.total_in_words,), LEFT, RIGHT - LEFT, 12)
        if sheet.notes:
            self.y = self._labelled_block(sheet.notes, LEFT, RIGHT - LEFT, 11.5, bold=False)

    def draw_footer(self, sheet: ReceiptSheet, qr_text: str) -> None:
        canvas, fonts = self.canvas, self.fonts
        centre = (SIGNATURE_BOX.left + SIGNATURE_BOX.right) / 2
        canvas.setFont(fonts.bold, 12)
        canvas.drawCentredString(centre, SIGNATURE_BOX.top + 8 * mm, sheet.signer_title)
        canvas.setFont(fonts.regular, 10.5)
        canvas.drawCentredString(centre, SIGNATURE_BOX.top + 3 * mm, sheet.signer_hint)
        if sheet.collector:
            # As wide as the signature box at most, so that it stays centred under it.
            size = COLLECTOR_SIZE
            while (
                stringWidth(sheet.collector, fonts.bold, size) > SIGNATURE_BOX.width
                and size > COLLECTOR_MIN_SIZE
            ):
                size -= 0.5
            canvas.setFont(fonts.bold, size)
            canvas.drawCentredString(centre, COLLECTOR_BASELINE, sheet.collector)
        self._qr(qr_text)
        text_left = QR_BOX.right + 4 * mm
        canvas.setFont(fonts.regular, 10)
        canvas.drawString(text_left, QR_BOX.top - 10, sheet.qr_caption)
        canvas.drawString(text_left, QR_BOX.top - 24, f"{sheet.digest_label.label}:")
        digest = sheet.digest_label.value
        canvas.setFont(fonts.regular, 8.5)
        canvas.drawString(text_left, QR_BOX.top - 36, digest[:32])
        canvas.drawString(text_left, QR_BOX.top - 46, digest[32:])

    def _qr(self, text: str) -> None:
        matrix = encode_qr(text)
        module = QR_BOX.width / matrix.size
        path = self.canvas.beginPath()
        for row, column, length in matrix.dark_runs():
            path.rect(
                QR_BOX.left + column * module,
                QR_BOX.top - (row + 1) * module,
                length * module,
                module,
            )
        self.canvas.drawPath(path, stroke=0, fill=1)

    def _labelled_block(
        self,
        items: tuple[Labelled, ...],
        left: float,
        width: float,
        size: float,
        *,
        bold: bool = True,
    ) -> float:
        """Draw 'Label: value' lines, the value wrapped beside its label; return the new y."""
        leading = size * 1.35
        value_font = self.fonts.bold if bold else self.fonts.regular
        for item in items:
            label = f"{item.label}: "
            indent = stringWidth(label, self.fonts.regular, size)
            lines = simpleSplit(item.value, value_font, size, width - indent) or [""]
            for index, line in enumerate(lines):
                self._make_room(leading)
                baseline = self.y - size
                if index == 0:
                    self.canvas.setFont(self.fonts.regular, size)
                    self.canvas.drawString(left, baseline, label)
                self.canvas.setFont(value_font, size)
                self.canvas.drawString(left + indent, baseline, line)
                self.y -= leading
        return self.y

    def _centred(self, text: str, font: str, size: float, *, leading: float) -> None:
        for line in simpleSplit(text, font, size, RIGHT - LEFT):
            self._make_room(leading)
            self.canvas.setFont(font, size)
            self.canvas.drawCentredString((LEFT + RIGHT) / 2, self.y - size, line)
            self.y -= leading

    def _row(
        self,
        cells: tuple[str, ...],
        font: str,
        size: float,
        leading: float,
        *,
        header: bool = False,
    ) -> None:
        wrapped = [
            simpleSplit(text, font, size, width - 2 * _CELL_PADDING) or [""]
            for text, width in zip(cells, _COLUMN_WIDTHS, strict=True)
        ]
        height = max(len(lines) for lines in wrapped) * leading + 2 * _CELL_PADDING
        self._make_room(height)
        self.canvas.setFont(font, size)
        left = LEFT
        for index, (lines, width) in enumerate(zip(wrapped, _COLUMN_WIDTHS, strict=True)):
            self.canvas.rect(left, self.y - height, width, height, stroke=1, fill=0)
            for number, line in enumerate(lines):
                baseline = self.y - _CELL_PADDING - size - number * leading + 2
                if header or index in (0, 2):
                    self.canvas.drawCentredString(left + width / 2, baseline, line)
                elif index == 3:
                    self.canvas.drawRightString(left + width - _CELL_PADDING, baseline, line)
                else:
                    self.canvas.drawString(left + _CELL_PADDING, baseline, line)
            left += width
        self.y -= height

    def _total_row(self, label: str, total: str, size: float, leading: float) -> None:
        height = leading + 2 * _CELL_PADDING
        self._make_room(height)
        label_width = sum(_COLUMN_WIDTHS[:3])
        baseline = self.y - _CELL_PADDING - size + 2
        self.canvas.rect(LEFT, self.y - height, label_width, height, stroke=1, fill=0)
        self.canvas.rect(
            LEFT + label_width, self.y - height, _COLUMN_WIDTHS[3], height, stroke=1, fill=0
        )
        self.canvas.setFont(self.fonts.bold, size)
        self.canvas.drawCentredString(LEFT + label_width / 2, baseline, label)
        self.canvas.drawRightString(RIGHT - _CELL_PADDING, baseline, total)
        self.y -= height

    def _make_room(self, height: float) -> None:
        if self.y - height < BODY_FLOOR:
            raise InvalidReceiptError(
                "This receipt does not fit on one A4 page above the QR code and the signature: "
                "shorten the fee names or notes, or issue the fees on separate receipts.",
                code="receipt_pdf.too_long",
            )
