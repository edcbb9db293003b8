"""A clerk retags a document from its page, with a reason the audit trail keeps."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from dossiers import InvalidDossierCodeError, parse_dossier_code
from intake.manual_tag import TagRefusedError, tag_by_hand
from service.messages import say
from service.web.clerk_tagging import not_a_code
from service.web.context import web_context
from service.web.document_access import visible_document
from service.web.document_page import show_document
from service.web.roles import Clerk

router = APIRouter(include_in_schema=False)

# Refusals that concern what was typed (400) rather than the document's state (409).
_TYPED = ("tag.reason_missing", "tag.reason_too_long", "tag.unchanged")


@router.post("/clerk/documents/{document_id:id}/retag")
def retag(
    request: Request,
    document_id: int,
    user: Clerk,
    code: Annotated[str, Form(max_length=200)] = "",
    reason: Annotated[str, Form(max_length=5000)] = "",
) -> Response:
    visible_document(request, user, document_id)  # 404 for another unit's document
    typed = {"code": code, "reason": reason}
    try:
        parsed = parse_dossier_code(code)
    except InvalidDossierCodeError:
        error = not_a_code(code, "Hãy nhập mã hồ sơ mới.")
        return show_document(request, user, document_id, error=error, typed=typed, status_code=400)
    back = web_context(request).back
    try:
        tag_by_hand(back.store, back.layout, document_id, str(parsed), user.actor, reason=reason)
    except TagRefusedError as refused:
        status = 400 if refused.code in _TYPED else 409
        return show_document(
            request, user, document_id, error=say(refused), typed=typed, status_code=status
        )
    return RedirectResponse(f"/documents/{document_id}?ok=retagged", 303)
