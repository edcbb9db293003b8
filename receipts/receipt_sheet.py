"""What a printed receipt says, field by field, before it is laid out as PDF or DOCX.

Both renderings show the same sheet, so they cannot drift apart. The Sohoa unit (an
inbox folder name) is not printed: it is in the XML/JSON record only.
"""

from __future__ import annotations

from dataclasses import dataclass

from receipts.amount_words import amount_in_words
from receipts.model import ReceiptData
from receipts.qr_payload import build_payload
from receipts.receipt_checks import REFERENCE
from receipts.receipt_text import KIND_NAMES, METHOD_NAMES, date_line, format_amount, nfc

SUBTITLE = "(Bản thể hiện của biên lai điện tử)"
COLUMNS = ("STT", "Tên phí, lệ phí", "Loại", "Số tiền (đồng)")
COLUMN_WIDTHS_MM = (12, 85, 23, 40)
"""The fee table's columns in both renderings: the 160 mm between the margins of A4 under
Decree 30/2020 (30 mm left, 20 mm right)."""
TOTAL_LABEL = "Tổng cộng"
SIGNER_TITLE = "NGƯỜI THU TIỀN"
SIGNER_HINT = "(Chữ ký số)"
QR_CAPTION = "Quét mã QR để kiểm tra biên lai"


@dataclass(frozen=True)
class Labelled:
    label: str
    """Without the colon."""
    value: str


@dataclass(frozen=True)
class SheetRow:
    position: str
    name: str
    kind: str
    amount: str


@dataclass(frozen=True)
class ReceiptSheet:
    issuer: tuple[Labelled, ...]
    """Đơn vị thu, Mã số thuế, Địa chỉ."""
    identity: tuple[Labelled, ...]
    """Mẫu số, Ký hiệu, Số."""
    title: str
    subtitle: str
    date_line: str
    replaces_line: str | None
    parties: tuple[Labelled, ...]
    """Người nộp tiền, Mã hồ sơ (when there is one), Hình thức thanh toán."""
    columns: tuple[str, str, str, str]
    rows: tuple[SheetRow, ...]
    total_label: str
    total: str
    total_in_words: Labelled
    notes: tuple[Labelled, ...]
    signer_title: str
    signer_hint: str
    collector: str
    """Họ tên người thu tiền, printed under the signature; "" for a receipt without one."""
    qr_text: str
    qr_caption: str
    digest_label: Labelled
    document_title: str
    """For file metadata: the type name and the receipt reference."""
    author: str


def compose_sheet(data: ReceiptData) -> ReceiptSheet:
    """The printed content of a receipt, in Vietnamese NFC."""
    payload = build_payload(data)  # checks the data
    organization = data.organization
    parties = [Labelled("Người nộp tiền", nfc(data.payer))]
    if data.dossier_code:
        parties.append(Labelled("Mã hồ sơ", nfc(data.dossier_code)))
    parties.append(Labelled("Hình thức thanh toán", METHOD_NAMES[data.method]))
    return ReceiptSheet(
        issuer=(
            Labelled("Đơn vị thu", nfc(organization.name)),
            Labelled("Mã số thuế", organization.tax_code),
            Labelled("Địa chỉ", nfc(organization.address)),
        ),
        identity=(
            Labelled("Mẫu số", data.form_symbol),
            Labelled("Ký hiệu", data.series_symbol),
            Labelled("Số", data.number_text),
        ),
        title=receipt_title(data.kind_name),
        subtitle=SUBTITLE,
        date_line=date_line(data.issued_at),
        replaces_line=_replaces_line(data.replaces),
        parties=tuple(parties),
        columns=COLUMNS,
        rows=tuple(
            SheetRow(
                str(position), nfc(line.name), KIND_NAMES[line.kind], format_amount(line.amount)
            )
            for position, line in enumerate(data.lines, 1)
        ),
        total_label=TOTAL_LABEL,
        total=format_amount(data.total),
        total_in_words=Labelled("Số tiền bằng chữ", nfc(amount_in_words(data.total))),
        notes=tuple(Labelled("Ghi chú", nfc(note)) for note in data.notes),
        signer_title=SIGNER_TITLE,
        signer_hint=SIGNER_HINT,
        collector=nfc(" ".join(data.collector.split())),
        qr_text=payload.text,
        qr_caption=QR_CAPTION,
        digest_label=Labelled("Mã kiểm tra (SHA-256)", payload.sha256),
        document_title=f"{nfc(data.kind_name)} {data.reference}",
        author=nfc(organization.name),
    )


def receipt_title(kind_name: str) -> str:
    """The receipt's kind as its title is printed: in capitals, as a form's title is."""
    return nfc(nfc(" ".join(kind_name.split())).upper())


def _replaces_line(replaces: str | None) -> str | None:
    if replaces is None:
        return None
    match = REFERENCE.fullmatch(replaces)
    if match is None:  # check_receipt refuses these
        return f"Thay thế cho biên lai {replaces}"
    return f"Thay thế cho biên lai ký hiệu {match['series']}, số {match['number']}"
