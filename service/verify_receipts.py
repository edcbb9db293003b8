"""`sohoa verify --all` on receipts: each issued receipt's PDF view (PAdES) and its legal
original, the signed XML data message, whose signature must verify over signed data whose
hash the record and the receipt's QR code hold."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from pathlib import Path

from receipts.model import format_reference
from receipts.stored_record import stored_record
from signing.xml_signature import signed_digest
from store.archive import Layout
from store.database import Store
from store.inventory import receipt_files


@dataclass(frozen=True)
class ReceiptXmlReport:
    path: Path
    receipt: str
    valid: bool
    detail: str | None
    """Why it fails; for a valid version 1 record, that it is unsigned."""

    def to_dict(self) -> dict[str, object]:
        return {
            "path": str(self.path),
            "receipt": self.receipt,
            "kind": "xml",
            "all_valid": self.valid,
            "detail": self.detail,
        }


def receipt_files_to_verify(
    store: Store, layout: Layout, roots: tuple[Path, ...]
) -> tuple[list[Path], list[ReceiptXmlReport]]:
    """The PDFs of every receipt with files, and the check of each one's XML."""
    with store.reading() as session:
        receipts = receipt_files(session)
    pdfs: list[Path] = []
    messages: list[ReceiptXmlReport] = []
    for receipt in receipts:
        name = format_reference(receipt.series_symbol, receipt.number)
        if receipt.pdf_path:
            pdfs.append(layout.absolute(receipt.pdf_path))
        if receipt.xml_path:
            path = layout.absolute(receipt.xml_path)
            messages.append(_check(path, name, receipt.record_sha256, roots))
    return pdfs, messages


def _check(
    path: Path, name: str, recorded: str | None, roots: tuple[Path, ...]
) -> ReceiptXmlReport:
    try:
        document = path.read_bytes()
    except OSError as error:
        return ReceiptXmlReport(path, name, False, f"unreadable: {error.strerror}")
    stored = stored_record(document, partial(signed_digest, roots=roots))
    if stored.sha256 is None:
        return ReceiptXmlReport(path, name, False, stored.problem)
    if stored.sha256 != recorded:
        return ReceiptXmlReport(path, name, False, "not the record issued (hash differs)")
    if not stored.signed:  # issued before the signed message: only the PDF was signed
        return ReceiptXmlReport(path, name, True, "version 1 record, unsigned")
    return ReceiptXmlReport(path, name, True, None)
