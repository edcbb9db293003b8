"""A document as the signed-in user may see it: of their units, or 404 as if it did not exist."""

from __future__ import annotations

from fastapi import HTTPException, Request

from accounts.users import WebUser
from queries.documents import DocumentView, find_document
from service.web.context import web_context

NO_DOCUMENT = "Không có tài liệu này trong các đơn vị của bạn."


def visible_document(request: Request, user: WebUser, document_id: int) -> DocumentView:
    store = web_context(request).back.store
    document = find_document(store, document_id, user.visible_unit_ids)
    if document is None:
        raise HTTPException(404, NO_DOCUMENT)
    return document
