"""Tagging a document from the API, as the document list's bulk action tags one: a clerk's
document only (404 otherwise); a signed document, one in a batch an officer holds, or one
tagged to another dossier without a reason is refused (409) with the reason in Vietnamese."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.security import HTTPBearer

from accounts.users import WebUser
from service.web.api_batch_models import conflict_responses
from service.web.api_document_tag_models import TaggedOut, TagIn
from service.web.auth import require_api
from service.web.context import web_context
from service.web.document_bulk import dossier_code_of, tag_selected
from service.web.selection import visible_selection
from store.states import Role

router = APIRouter(
    prefix="/api", tags=["api"], dependencies=[Depends(HTTPBearer(auto_error=False))]
)
Clerk = Annotated[WebUser, Depends(require_api(Role.CLERK))]


@router.post(
    "/documents/{document_id:id}/tag",
    summary="Tag a document to a dossier",
    responses=conflict_responses(400, 401, 403, 404, 422),
)
def tag(request: Request, user: Clerk, document_id: int, body: TagIn) -> TaggedOut:
    """Its output moves to the dossier's folder with the code written in it. A first tag
    needs no reason; moving a document from another dossier does."""
    back = web_context(request).back
    (chosen,) = visible_selection(back.store, [document_id], user.unit_ids)
    code = dossier_code_of(body.dossier_code)
    outcome = tag_selected(back, user.actor, chosen, code, body.reason)
    if not outcome.done:
        raise HTTPException(409, outcome.text)
    return TaggedOut(document_id=document_id, dossier_code=code, message=outcome.text)
