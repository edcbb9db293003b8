"""The statements of the daily data for the tax authority: a series' receipts of one day, and
whether that day was delivered (its audit entry)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from store.schema import AuditRecord, ReceiptRecord, ReceiptSeriesRecord
from store.states import ReceiptState

DELIVERED = "receipt.daily_data_delivered"
"""The audit action that records a day's summary of a series as delivered."""


@dataclass(frozen=True)
class DayReceipt:
    """A receipt of the series as the summary needs it."""

    number: int
    issued_at: datetime
    payer: str
    total: int
    cancelled_at: datetime | None
    replaced: tuple[str, str, int] | None
    """The receipt it replaces: form symbol, series symbol, number."""


def all_series(session: Session) -> list[ReceiptSeriesRecord]:
    return list(session.scalars(select(ReceiptSeriesRecord).order_by(ReceiptSeriesRecord.id)))


def issued_between(
    session: Session, series_id: int, since: datetime, until: datetime
) -> list[DayReceipt]:
    """Receipts of the series issued from `since` to `until` (excluded), whatever became of
    them since; none still being made or that failed."""
    made = (ReceiptState.ISSUED, ReceiptState.CANCELLED, ReceiptState.REPLACED)
    return _day_receipts(
        session,
        ReceiptRecord.series_id == series_id,
        ReceiptRecord.issued_at >= since,
        ReceiptRecord.issued_at < until,
        ReceiptRecord.state.in_(made),
    )


def cancelled_between(
    session: Session, series_id: int, since: datetime, until: datetime
) -> list[DayReceipt]:
    """Receipts of the series cancelled (not replaced) from `since` to `until` (excluded)."""
    return _day_receipts(
        session,
        ReceiptRecord.series_id == series_id,
        ReceiptRecord.state == ReceiptState.CANCELLED,
        ReceiptRecord.cancelled_at >= since,
        ReceiptRecord.cancelled_at < until,
    )


def still_issuing(session: Session, series_id: int, since: datetime, until: datetime) -> int:
    """Receipts of the series begun in the period whose files are still being made."""
    return (
        session.scalar(
            select(func.count())
            .select_from(ReceiptRecord)
            .where(
                ReceiptRecord.series_id == series_id,
                ReceiptRecord.issued_at >= since,
                ReceiptRecord.issued_at < until,
                ReceiptRecord.state == ReceiptState.ISSUING,
            )
        )
        or 0
    )


def delivered_details(session: Session, subject: str) -> dict[str, Any] | None:
    """The details of the audit entry that records `subject` (a series' day) as delivered;
    None when it was not."""
    details = session.scalars(
        select(AuditRecord.details)
        .where(AuditRecord.action == DELIVERED, AuditRecord.subject == subject)
        .order_by(AuditRecord.id)
        .limit(1)
    ).first()
    return None if details is None else dict(json.loads(details))


def _day_receipts(session: Session, *where: object) -> list[DayReceipt]:
    old = aliased(ReceiptRecord)
    old_series = aliased(ReceiptSeriesRecord)
    rows = session.execute(
        select(
            ReceiptRecord.number,
            ReceiptRecord.issued_at,
            ReceiptRecord.payer,
            ReceiptRecord.total,
            ReceiptRecord.cancelled_at,
            old_series.form_symbol,
            old_series.series_symbol,
            old.number,
        )
        .outerjoin(old, old.id == ReceiptRecord.replaces_id)
        .outerjoin(old_series, old_series.id == old.series_id)
        .where(*where)  # type: ignore[arg-type]
        .order_by(ReceiptRecord.number)
    )
    return [
        DayReceipt(
            number, issued_at, payer, total, cancelled_at,
            None if old_number is None else (old_form, old_symbol, old_number),
        )
        for number, issued_at, payer, total, cancelled_at, old_form, old_symbol, old_number in rows
    ]  # fmt: skip
