"""Mistakes are fixed by cancelling or replacing a receipt, never by deleting it."""

from __future__ import annotations

from dataclasses import replace as copy_with
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from receipt_counter.errors import ReceiptError, ReceiptNotFoundError
from receipt_counter.flow import IssuedReceipt, IssueRequest, issue_receipt
from receipt_counter.series import find_series
from receipts.model import format_reference
from store import audit
from store.record import Record
from store.schema import ReceiptRecord
from store.states import ReceiptState


def cancel_receipt(record: Record, series: str, number: int, reason: str, actor: str) -> None:
    if not reason.strip():
        raise ReceiptError("Cancelling a receipt needs a reason.")
    with record.store.writing() as session:
        receipt = _issued(session, series, number)
        receipt.state = ReceiptState.CANCELLED
        _mark(receipt, actor, reason.strip())
        audit.record(
            session,
            "receipt.cancelled",
            f"receipt:{receipt.id}",
            actor,
            reference=format_reference(series, number),
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
    """Issue a new receipt naming the old one, then mark the old one replaced."""
    if not reason.strip():
        raise ReceiptError("Replacing a receipt needs a reason.")
    with record.store.reading() as session:
        old_id = _issued(session, series, number).id
    issued = issue_receipt(record, copy_with(request, replaces_id=old_id), actor)
    with record.store.writing() as session:
        old = session.get_one(ReceiptRecord, old_id, with_for_update=True)
        if old.state != ReceiptState.ISSUED:  # replaced or cancelled meanwhile by someone else
            raise ReceiptError(
                f"Receipt {format_reference(series, number)} became {old.state} while "
                f"{issued.reference} was issued to replace it; cancel {issued.reference} if it "
                "is not needed."
            )
        old.state = ReceiptState.REPLACED
        _mark(old, actor, reason.strip())
        audit.record(
            session,
            "receipt.replaced",
            f"receipt:{old_id}",
            actor,
            reference=format_reference(series, number),
            replacement=issued.reference,
            reason=reason.strip(),
        )
    return issued


def find_receipt(session: Session, series: str, number: int) -> ReceiptRecord:
    found = find_series(session, series)
    receipt = (
        session.scalars(
            select(ReceiptRecord).where(
                ReceiptRecord.series_id == found.id, ReceiptRecord.number == number
            )
        ).first()
        if found is not None
        else None
    )
    if receipt is None:
        raise ReceiptNotFoundError(f"There is no receipt {format_reference(series, number)}.")
    return receipt


def _issued(session: Session, series: str, number: int) -> ReceiptRecord:
    receipt = find_receipt(session, series, number)
    if receipt.state != ReceiptState.ISSUED:
        raise ReceiptError(
            f"Receipt {format_reference(series, number)} is {receipt.state}, not issued."
        )
    return receipt


def _mark(receipt: ReceiptRecord, actor: str, reason: str) -> None:
    receipt.cancelled_at = datetime.now(UTC)
    receipt.cancelled_by = actor
    receipt.cancel_reason = reason
