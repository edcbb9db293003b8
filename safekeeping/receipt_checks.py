"""Every issued receipt's files: present, the PDF's signature verifying, and the XML (the
receipt's legal original) still the one whose record hash the record and the receipt's QR
code hold: its signature verifying over signed data of that hash (a version 1 record:
its content hashing to it)."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from pathlib import Path

from receipts.model import format_reference
from receipts.stored_record import stored_record
from safekeeping.document_checks import signature_failure
from safekeeping.findings import CheckReport, ProblemKind
from signing.xml_signature import signed_digest
from store.archive import Layout
from store.inventory import ReceiptFiles


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
            _check_record(receipt, name, layout, roots, subject, report)


def _check_record(
    receipt: ReceiptFiles,
    name: str,
    layout: Layout,
    roots: tuple[Path, ...],
    subject: str,
    report: CheckReport,
) -> None:
    assert receipt.xml_path is not None
    document = layout.absolute(receipt.xml_path).read_bytes()
    stored = stored_record(document, partial(signed_digest, roots=roots))
    if stored.sha256 != receipt.record_sha256:
        where = receipt.xml_path
        why = stored.problem or stored.sha256
        message = f"receipt {name}: its record {where} is not the one issued ({why})"
        report.found(ProblemKind.RECEIPT_RECORD_CHANGED, subject, where, message, receipt=name)
