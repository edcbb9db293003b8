"""Every issued receipt's files: present, the PDF's signature verifying, and the XML
record still the one whose SHA-256 the record (and the receipt's QR code) holds."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable
from pathlib import Path

from receipts.model import format_reference
from safekeeping.document_checks import signature_failure
from safekeeping.findings import CheckReport, ProblemKind
from store.archive import Layout
from store.inventory import ReceiptFiles

_MAX_RECORD_BYTES = 1 << 20  # a receipt's XML is a few kilobytes


def check_receipts(
    receipts: Iterable[ReceiptFiles], layout: Layout, roots: tuple[Path, ...], report: CheckReport
) -> None:
    for receipt in receipts:
        if not receipt.paths:
            continue  # its number was allocated, its files never made: the record says why
        report.count("receipts")
        subject = f"receipt:{receipt.id}"
        name = format_reference(receipt.series_symbol, receipt.number)
        missing = [where for where in receipt.paths if not layout.absolute(where).is_file()]
        for where in missing:
            message = f"receipt {name}: its file {where} is missing"
            report.found(ProblemKind.RECEIPT_FILE_MISSING, subject, where, message, receipt=name)
        if receipt.pdf_path and receipt.pdf_path not in missing:
            report.count("signed files")
            failure = signature_failure(layout.absolute(receipt.pdf_path), roots)
            if failure is not None:
                where = receipt.pdf_path
                message = f"receipt {name}: the signature of {where} does not verify: {failure}"
                kind = ProblemKind.SIGNATURE_INVALID
                report.found(kind, subject, where, message, receipt=name, failure=failure)
        if receipt.xml_path and receipt.xml_path not in missing:
            _check_record(receipt, name, layout, subject, report)


def _check_record(
    receipt: ReceiptFiles, name: str, layout: Layout, subject: str, report: CheckReport
) -> None:
    assert receipt.xml_path is not None
    found = _recorded_hash(layout.absolute(receipt.xml_path))
    if found != receipt.record_sha256:
        where = receipt.xml_path
        message = (
            f"receipt {name}: its record {where} is not the one issued ({found or 'unreadable'})"
        )
        report.found(ProblemKind.RECEIPT_RECORD_CHANGED, subject, where, message, receipt=name)


def _recorded_hash(path: Path) -> str | None:
    """The SHA-256 the XML record carries of its own canonical content (`render_record`)."""
    if path.stat().st_size > _MAX_RECORD_BYTES:
        return None
    try:
        root = ET.fromstring(path.read_bytes())
    except ET.ParseError:
        return None
    return root.get("sha256")
