"""The public check of a receipt from its QR code: is it one this office issued, unchanged?

Everything the code says must match the record: the organization's tax code, form, series
and number find the receipt; its issue date, total and record hash must then be the same,
and the receipt's stored legal original must vouch for that hash: its signed XML data
message verifies and its signed data hashes to it (a receipt issued before the signed
message: its version 1 record, rebuilt from the file, hashes to it). What comes back names
no one: the payer only by initials.
"""

from __future__ import annotations

import datetime as dt
import hmac
import unicodedata
from dataclasses import dataclass
from enum import StrEnum
from functools import partial
from pathlib import Path

from receipt_counter.series import receipt_reference
from receipts.qr_payload import QrPayload
from receipts.receipt_text import vietnam_time
from receipts.stored_record import stored_record
from signing.configured import configured_trust_roots
from signing.xml_signature import signed_digest
from store.receipts import receipt_printed_as, replacement_of
from store.record import Record
from store.schema import ReceiptRecord
from store.states import ReceiptState


class CheckVerdict(StrEnum):
    GENUINE = "genuine"  # issued, and still valid
    CANCELLED = "cancelled"  # issued, then cancelled
    REPLACED = "replaced"  # issued, then replaced by another receipt
    MISMATCH = "mismatch"  # no such receipt, or a field differs: never says which


_VERDICTS = {
    ReceiptState.ISSUED: CheckVerdict.GENUINE,
    ReceiptState.CANCELLED: CheckVerdict.CANCELLED,
    ReceiptState.REPLACED: CheckVerdict.REPLACED,
}


@dataclass(frozen=True)
class CheckedReceipt:
    form_symbol: str
    series_symbol: str
    number_text: str
    issued_on: dt.date
    payer_initials: str
    total: int
    replaced_by: str | None
    """For a replaced receipt: the replacing one as printed, e.g. BI-26T-0000013."""


@dataclass(frozen=True)
class ReceiptCheck:
    verdict: CheckVerdict
    receipt: CheckedReceipt | None = None
    """None when the verdict is a mismatch."""


def check_receipt(record: Record, payload: QrPayload) -> ReceiptCheck:
    with record.store.reading() as session:
        receipt = receipt_printed_as(
            session, payload.tax_code, payload.form_symbol, payload.series_symbol, payload.number
        )
        verdict = _VERDICTS.get(ReceiptState(receipt.state)) if receipt is not None else None
        if receipt is None or verdict is None or not _matches(receipt, payload):
            return ReceiptCheck(CheckVerdict.MISMATCH)
        stored = receipt.xml_path and record.layout.absolute(receipt.xml_path)
        if not stored or not _vouches_for(record, stored, payload.sha256):
            return ReceiptCheck(CheckVerdict.MISMATCH)
        replaced_by = None
        if verdict is CheckVerdict.REPLACED:
            replaced_by = receipt_reference(session, replacement_of(session, receipt.id))
        return ReceiptCheck(
            verdict,
            CheckedReceipt(
                form_symbol=payload.form_symbol,
                series_symbol=payload.series_symbol,
                number_text=payload.number_text,
                issued_on=payload.issued_on,
                payer_initials=initials(receipt.payer),
                total=receipt.total,
                replaced_by=replaced_by,
            ),
        )


def initials(name: str) -> str:
    """ "Nguyễn Thị Lan" → "N. T. L.": the first letter of each word, capitalised."""
    letters = []
    for word in unicodedata.normalize("NFC", name).split():
        first = next((character for character in word if character.isalnum()), None)
        if first is not None:
            letters.append(f"{first.upper()}.")
    return " ".join(letters)


def _vouches_for(record: Record, stored: Path, sha256: str) -> bool:
    """Whether the stored XML is the receipt's legal original with this record hash."""
    try:
        document = stored.read_bytes()
    except OSError:
        return False
    # Without trust roots in the settings the office's own record still tells: the
    # signature's value and digests must hold and its signed data hash to the record's
    # hash; only the certificate's chain is left unjudged.
    roots = configured_trust_roots(record.settings)
    check = partial(signed_digest, roots=roots, judge_chain=bool(roots))
    found = stored_record(document, check).sha256 or ""
    return bool(found) and hmac.compare_digest(found.encode(), sha256.encode())


def _matches(receipt: ReceiptRecord, payload: QrPayload) -> bool:
    recorded = receipt.record_sha256 or ""
    return (
        vietnam_time(receipt.issued_at).date() == payload.issued_on
        and receipt.total == payload.total
        and hmac.compare_digest(recorded.encode(), payload.sha256.encode())
        and bool(recorded)
    )
