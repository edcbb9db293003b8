"""Reusing a document for another dossier from the API (tái sử dụng), as the document page's
form does: a clerk's document only (404 otherwise); a document not digitized, not tagged to
its own dossier yet, already reused for that dossier, or whose own dossier it is, is refused
(409) with the reason in Vietnamese."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.security import HTTPBearer
from pydantic import BaseModel, ConfigDict, Field

from accounts.users import WebUser
from dossier_register.reuse import NOTE_MAX_LENGTH, ReuseRefusedError, reuse_document
from dossiers import InvalidDossierCodeError, parse_dossier_code
from service.messages import say
from service.web.api_batch_models import conflict_responses
from service.web.auth import require_api
from service.web.context import web_context
from service.web.document_access import visible_document
from store.states import Role

router = APIRouter(
    prefix="/api", tags=["api"], dependencies=[Depends(HTTPBearer(auto_error=False))]
)
Clerk = Annotated[WebUser, Depends(require_api(Role.CLERK))]


class ReuseIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    dossier_code: str = Field(
        min_length=1, max_length=200, description="The dossier it is reused for, e.g. "
        "H57.132-260804-0583.",
    )  # fmt: skip
    note: str = Field("", max_length=NOTE_MAX_LENGTH, description="Kept with the reuse.")
    unit_id: int | None = Field(
        None,
        ge=1,
        le=2**31 - 1,
        description="The receiving unit when the dossier is not registered yet (one of the "
        "clerk's units; default: the clerk's only unit).",
    )


class ReusedOut(BaseModel):
    id: int = Field(description="The reuse link.")
    document_id: int
    dossier_code: str = Field(description="The dossier it is reused for, in standard form.")
    registered: bool = Field(description="Whether the register has that dossier yet.")
    message: str = Field(description="What was done, in Vietnamese.")


@router.post(
    "/documents/{document_id:id}/reuses",
    summary="Reuse a digitized document for another dossier",
    responses=conflict_responses(400, 401, 403, 404, 422),
)
def reuse(request: Request, user: Clerk, document_id: int, body: ReuseIn) -> ReusedOut:
    """The document is linked to the dossier, not copied nor rescanned; the reuse rate counts
    the dossier once however many documents it reuses."""
    visible_document(request, user, document_id)
    try:
        code = str(parse_dossier_code(body.dossier_code).dossier)
    except InvalidDossierCodeError as invalid:
        raise HTTPException(400, say(invalid)) from invalid
    receiving = body.unit_id if body.unit_id in user.unit_ids else None
    if receiving is None and len(user.unit_ids) == 1:
        receiving = next(iter(user.unit_ids))
    try:
        done = reuse_document(
            web_context(request).back.store,
            document_id,
            code,
            user.actor,
            note=body.note,
            unit_ids=user.visible_unit_ids,
            unit_id=receiving,
        )
    except ReuseRefusedError as refused:
        raise HTTPException(409, say(refused)) from refused
    return ReusedOut(
        id=done.id,
        document_id=document_id,
        dossier_code=done.dossier_code,
        registered=done.registered,
        message=f"Đã dùng lại tài liệu số {document_id} cho hồ sơ {done.dossier_code}.",
    )
