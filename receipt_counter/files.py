"""The files of an issued receipt: its legal original, the signed XML data message, and
its views, the signed PDF and a DOCX copy.

They go to `receipts/<series>/<series>-<number>.{pdf,docx,xml}`, a '/' of the series symbol
written '-'. The PDF is rendered
beside its final name and signed into it, with the collector's stamp in the box the
receipt keeps for it.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, replace
from pathlib import Path

from receipt_counter.signed_message import signed_message
from receipts.model import ReceiptData
from receipts.receipt_message import record_sha256
from receipts.render_docx import render_receipt_docx
from receipts.render_pdf import SIGNATURE_BOX, render_receipt_pdf
from signing.appearance import Appearance, AppearanceKind
from signing.configured import configured_profile
from signing.profiles import SigningProfile
from signing.sign import sign_pdf
from store.files import durable_write_bytes, fsync_file
from store.record import Record

SIGNATURE_FIELD = "NguoiThuTien"
STAMP_HEADING = "Ký bởi:"
COLLECTOR_LINE = "Người thu tiền: {name}"


@dataclass(frozen=True)
class ReceiptFiles:
    pdf: Path
    docx: Path
    xml: Path
    record_sha256: str


def make_receipt_files(record: Record, data: ReceiptData, profile_name: str) -> ReceiptFiles:
    # A series symbol may hold '/' (AA/26E): the files take '-' in its place.
    folder = record.layout.receipts / data.series_symbol.replace("/", "-")
    name = data.reference.replace("/", "-")
    unsigned = folder / f".{name}.unsigned.pdf"
    signed = folder / f"{name}.pdf"
    check_url = record.settings.receipts.check_url
    # The legal original, signed and checked against its schema before any file is made.
    message = signed_message(
        data, configured_profile(record.settings, profile_name), record.settings
    )
    try:
        render_receipt_pdf(data, unsigned, check_url=check_url)
        sign_pdf(unsigned, signed, _stamped(record, profile_name, data), field_name=SIGNATURE_FIELD)
    finally:
        with contextlib.suppress(OSError):  # never hide why the receipt failed
            unsigned.unlink(missing_ok=True)
    docx = render_receipt_docx(data, folder / f"{name}.docx", check_url=check_url)
    fsync_file(docx)
    xml = folder / f"{name}.xml"
    durable_write_bytes(xml, message)
    return ReceiptFiles(pdf=signed, docx=docx, xml=xml, record_sha256=record_sha256(data))


def _stamped(record: Record, profile_name: str, data: ReceiptData) -> SigningProfile:
    """The series' profile, its stamp put in the receipt's signature box: who signs (the
    organisation), who collected, and when it was signed, as '22:55:56 ngày 03/12/2026'."""
    profile = configured_profile(record.settings, profile_name)
    shown = profile.appearance or Appearance(kind=AppearanceKind.AGENCY)
    stamp = replace(
        shown,
        kind=AppearanceKind.AGENCY,
        name=data.organization.name,
        copy_type=STAMP_HEADING,
        detail=COLLECTOR_LINE.format(name=data.collector) if data.collector.strip() else None,
        time_in_words=True,
        # A receipt is issued, not copied: its seal is drawn wherever the profile has one
        # (Decree 30/2020 shows no image only on electronic copies).
        show_seal=shown.seal is not None,
        box=(SIGNATURE_BOX.left, SIGNATURE_BOX.bottom, SIGNATURE_BOX.right, SIGNATURE_BOX.top),
    )
    return replace(profile, appearance=stamp)
