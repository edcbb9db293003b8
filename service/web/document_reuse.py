"""A clerk reuses a document from its page for another dossier (tái sử dụng), without
rescanning it: the form "Dùng lại cho hồ sơ khác", and the removal of a reuse with a reason.
Both go through `dossier_register.reuse`, as the command line and the API do."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from dossier_register.reuse import ReuseRefusedError, remove_reuse, reuse_document
from dossiers import InvalidDossierCodeError, parse_dossier_code
from service.messages import say
from service.web.clerk_tagging import not_a_code
from service.web.context import web_context
from service.web.document_access import visible_document
from service.web.document_page import show_document
from service.web.roles import Clerk

router = APIRouter(include_in_schema=False)

# Refusals that concern what was typed (400) rather than the document's state (409).
TYPED = (
    "reuse.own_dossier",
    "reuse.already_linked",
    "reuse.note_too_long",
    "reuse.text_invalid",
    "reuse.reason_missing",
    "reuse.reason_too_long",
    "reuse.not_linked",
)


@router.post("/clerk/documents/{document_id:id}/reuses")
def reuse(
    request: Request,
    document_id: int,
    user: Clerk,
    code: Annotated[str, Form(max_length=200)] = "",
    note: Annotated[str, Form(max_length=5000)] = "",
    unit: Annotated[int | None, Form(ge=1, le=2**31 - 1)] = None,
) -> Response:
    visible_document(request, user, document_id)  # 404 for another unit's document
    typed = {"reuse_code": code, "reuse_note": note}
    try:
        parsed = parse_dossier_code(code)
    except InvalidDossierCodeError:
        error = not_a_code(code, "Hãy nhập mã hồ sơ sẽ dùng lại văn bản này.")
        return show_document(request, user, document_id, error=error, typed=typed, status_code=400)
    receiving = unit if unit in user.unit_ids else None
    if receiving is None and len(user.unit_ids) == 1:
        receiving = next(iter(user.unit_ids))
    back = web_context(request).back
    try:
        reuse_document(
            back.store,
            document_id,
            str(parsed.dossier),
            user.actor,
            note=note,
            unit_ids=user.visible_unit_ids,
            unit_id=receiving,
        )
    except ReuseRefusedError as refused:
        status = 400 if refused.code in TYPED else 409
        return show_document(
            request, user, document_id, error=say(refused), typed=typed, status_code=status
        )
    return RedirectResponse(f"/documents/{document_id}?ok=reused#reuse-title", 303)


@router.post("/clerk/documents/{document_id:id}/reuses/remove")
def unreuse(
    request: Request,
    document_id: int,
    user: Clerk,
    code: Annotated[str, Form(max_length=200)] = "",
    reason: Annotated[str, Form(max_length=5000)] = "",
) -> Response:
    visible_document(request, user, document_id)
    back = web_context(request).back
    try:
        remove_reuse(
            back.store,
            document_id,
            code,
            user.actor,
            reason=reason,
            unit_ids=user.visible_unit_ids,
        )
    except InvalidDossierCodeError as invalid:
        return show_document(request, user, document_id, error=say(invalid), status_code=400)
    except ReuseRefusedError as refused:
        status = 400 if refused.code in TYPED else 409
        return show_document(request, user, document_id, error=say(refused), status_code=status)
    return RedirectResponse(f"/documents/{document_id}?ok=unreused#reuse-title", 303)
