"""What every clerk page shares: the back, and records of their units only.

A document or receipt of another unit answers 404, as if it did not exist.
"""

from __future__ import annotations

from fastapi import HTTPException, Request

from accounts.users import WebUser
from queries.documents import DocumentView, find_document
from queries.receipts import ReceiptView, receipt_by_id
from runtime.context import JobContext
from service.web.context import web_context
from service.web.paging import Page

NO_RECEIPT = "Không có biên lai này trong các đơn vị của bạn."

_NO_DOCUMENT = "Không có tài liệu này trong các đơn vị của bạn."


def back_of(request: Request) -> JobContext:
    return web_context(request).back


def page_number(request: Request, number: int) -> Page:
    """Page `number` of a list re-shown after a refused form."""
    return Page(max(1, number), web_context(request).web.page_size)


def clerk_document(request: Request, user: WebUser, document_id: int) -> DocumentView:
    document = find_document(back_of(request).store, document_id, user.unit_ids)
    if document is None:
        raise HTTPException(404, _NO_DOCUMENT)
    return document


def clerk_receipt_view(request: Request, user: WebUser, receipt_id: int) -> ReceiptView:
    receipt = receipt_by_id(back_of(request).store, receipt_id)
    if receipt is None or receipt.row.unit_id not in user.unit_ids:
        raise HTTPException(404, NO_RECEIPT)
    return receipt
