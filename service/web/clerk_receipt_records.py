"""A receipt of the clerk's units as stored records, for the receipt form
(`clerk_receipt_form`, `clerk_receipt_input`), which still validates against the records
itself. Every other page reads receipts through `queries.receipts`."""

from __future__ import annotations

from fastapi import HTTPException
from sqlalchemy.orm import Session

from accounts.users import WebUser
from receipts.model import format_reference
from store.schema import ReceiptRecord, ReceiptSeriesRecord

NO_RECEIPT = "Không có biên lai này trong các đơn vị của bạn."


def clerk_receipt(
    session: Session, user: WebUser, receipt_id: int
) -> tuple[ReceiptRecord, ReceiptSeriesRecord]:
    receipt = session.get(ReceiptRecord, receipt_id)
    series = session.get(ReceiptSeriesRecord, receipt.series_id) if receipt else None
    if receipt is None or series is None or series.unit_id not in user.unit_ids:
        raise HTTPException(404, NO_RECEIPT)
    return receipt, series


def reference(series: ReceiptSeriesRecord, receipt: ReceiptRecord) -> str:
    """A receipt as printed: series symbol and seven-digit number."""
    return format_reference(series.series_symbol, receipt.number)
