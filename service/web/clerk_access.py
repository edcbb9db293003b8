"""What every clerk page shares: the clerk's services, and records of their units only.

A document or receipt of another unit answers 404, as if it did not exist.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from fastapi import HTTPException, Request
from sqlalchemy import ColumnElement, Select, select
from sqlalchemy.orm import Session

from accounts.users import WebUser
from receipts.model import format_reference
from runtime.context import JobContext
from service.web.context import web_context
from service.web.paging import Page
from store.schema import DocumentRecord, ReceiptRecord, ReceiptSeriesRecord, UnitRecord

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")

_NO_DOCUMENT = "Không có tài liệu này trong các đơn vị của bạn."
_NO_RECEIPT = "Không có biên lai này trong các đơn vị của bạn."


def services_of(request: Request) -> JobContext:
    return web_context(request).services


def page_number(request: Request, number: int) -> Page:
    """Page `number` of a list re-shown after a refused form."""
    return Page(max(1, number), web_context(request).web.page_size)


def unit_ids(user: WebUser) -> list[int]:
    """The units whose work the clerk sees (an empty list matches nothing)."""
    return sorted(user.unit_ids)


def unit_documents(user: WebUser, *conditions: ColumnElement[bool]) -> Select[DocumentRecord, str]:
    """The clerk's documents meeting `conditions`, each with its unit's code, newest first."""
    return (
        select(DocumentRecord, UnitRecord.code)
        .join(UnitRecord, UnitRecord.id == DocumentRecord.unit_id)
        .where(*conditions, DocumentRecord.unit_id.in_(unit_ids(user)))
        .order_by(DocumentRecord.id.desc())
    )


def clerk_document(session: Session, user: WebUser, document_id: int) -> DocumentRecord:
    document = session.get(DocumentRecord, document_id)
    if document is None or document.unit_id not in user.unit_ids:
        raise HTTPException(404, _NO_DOCUMENT)
    return document


def clerk_receipt(
    session: Session, user: WebUser, receipt_id: int
) -> tuple[ReceiptRecord, ReceiptSeriesRecord]:
    receipt = session.get(ReceiptRecord, receipt_id)
    series = session.get(ReceiptSeriesRecord, receipt.series_id) if receipt else None
    if receipt is None or series is None or series.unit_id not in user.unit_ids:
        raise HTTPException(404, _NO_RECEIPT)
    return receipt, series


def reference(series: ReceiptSeriesRecord, receipt: ReceiptRecord) -> str:
    """A receipt as printed: series symbol and seven-digit number."""
    return format_reference(series.series_symbol, receipt.number)


def vietnam_day(moment: datetime) -> tuple[datetime, datetime]:
    """The Vietnam calendar day holding `moment`, as UTC bounds [start, end)."""
    day: date = moment.astimezone(VIETNAM).date()
    start = datetime.combine(day, time(), VIETNAM)
    return start.astimezone(UTC), (start + timedelta(days=1)).astimezone(UTC)
