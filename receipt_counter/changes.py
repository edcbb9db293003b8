"""Mistakes are fixed by cancelling or replacing a receipt, never by deleting it."""

from __future__ import annotations

from dataclasses import replace as copy_with
from datetime import UTC, datetime

from receipt_counter.errors import ReceiptError, ReceiptNotFoundError, ReceiptStateError
from receipt_counter.flow import IssuedReceipt, IssueRequest, issue_receipt
from receipt_counter.series import find_series
from receipts.model import format_reference
from store import audit
from store.database import Session
from store.receipts import receipt_numbered
from store.record import Record
from store.schema import ReceiptRecord
from store.states import ReceiptState


def cancel_receipt(record: Record, series: str, number: int, reason: str, actor: str) -> None:
    reference = format_reference(series, number)
    if not reason.strip():
        raise ReceiptError(
            "Cancelling a receipt needs a reason.",
            code="receipt.cancel_reason_missing",
            params={"reference": reference},
        )
    with record.store.writing() as session:
        receipt = _issued(session, series, number)
        receipt.state = ReceiptState.CANCELLED
        _mark(receipt, actor, reason.strip())
        audit.record(
            session,
            "receipt.cancelled",
            f"receipt:{receipt.id}",
            actor,
            reference=reference,
            reason=reason.strip(),
        )


def replace_receipt(
    record: Record,
    series: str,
    number: int,
    request: IssueRequest,
    reason: str,
    actor: str,
) -> IssuedReceipt:
    """Issue a new receipt naming the old one, then mark the old one replaced.

    The replacement keeps the old receipt's payer and dossier code unless `request` gives
    new ones: a replacement corrects what was wrong, not what was right."""
    reference = format_reference(series, number)
    with record.store.reading() as session:
        old = _issued(session, series, number)
        old_id = old.id
        request = copy_with(
            request,
            payer=request.payer if request.payer.strip() else old.payer,
            dossier_code=(
                request.dossier_code
                if request.dossier_code and request.dossier_code.strip()
                else old.dossier_code
            ),
        )
    no_reason = ReceiptError(
        "Replacing a receipt needs a reason.",
        code="receipt.replace_reason_missing",
        params={"reference": reference},
    )
    also_refused = [] if reason.strip() else [no_reason]
    issued = issue_receipt(record, copy_with(request, replaces_id=old_id), actor, also_refused)
    with record.store.writing() as session:
        old = session.get_one(ReceiptRecord, old_id, with_for_update=True)
        if old.state != ReceiptState.ISSUED:  # replaced or cancelled meanwhile by someone else
            raise ReceiptStateError(
                f"Receipt {reference} became {old.state} while {issued.reference} was issued "
                f"to replace it; cancel {issued.reference} if it is not needed.",
                code="receipt.replaced_meanwhile",
                params={"reference": reference, "state": old.state,
                        "replacement": issued.reference},
            )  # fmt: skip
        old.state = ReceiptState.REPLACED
        _mark(old, actor, reason.strip())
        audit.record(
            session,
            "receipt.replaced",
            f"receipt:{old_id}",
            actor,
            reference=reference,
            replacement=issued.reference,
            reason=reason.strip(),
        )
    return issued


def check_issued(state: str, reference: str) -> None:
    """Only an issued receipt can be cancelled or replaced."""
    if state != ReceiptState.ISSUED:
        raise ReceiptStateError(
            f"Receipt {reference} is {state}, not issued.",
            code="receipt.not_issued",
            params={"reference": reference, "state": state},
        )


def find_receipt(session: Session, series: str, number: int) -> ReceiptRecord:
    found = find_series(session, series)
    receipt = receipt_numbered(session, found.id, number) if found is not None else None
    if receipt is None:
        reference = format_reference(series, number)
        raise ReceiptNotFoundError(
            f"There is no receipt {reference}.",
            code="receipt.not_found",
            params={"reference": reference},
        )
    return receipt


def _issued(session: Session, series: str, number: int) -> ReceiptRecord:
    receipt = find_receipt(session, series, number)
    check_issued(receipt.state, format_reference(series, number))
    return receipt


def _mark(receipt: ReceiptRecord, actor: str, reason: str) -> None:
    receipt.cancelled_at = datetime.now(UTC)
    receipt.cancelled_by = actor
    receipt.cancel_reason = reason
