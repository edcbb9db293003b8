"""Routes of the web interface (api): upload a file for a clerk's unit, and follow it.

The upload page's twin: the body is the file itself (`application/octet-stream`), measured
before it is read and streamed to disk, then taken in as the inbox takes a file.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request
from fastapi.security import HTTPBearer
from pydantic import BaseModel

from accounts.users import WebUser
from queries.documents import find_document
from service.web.api_models import problem_responses
from service.web.auth import require_api
from service.web.body_limit import RAW_FILE
from service.web.context import web_context
from service.web.document_access import NO_DOCUMENT
from service.web.ids import MAX_ID
from service.web.upload_intake import (
    UploadOutcome,
    document_outcome,
    receive_upload,
    upload_target,
)
from store.states import Role

router = APIRouter(
    prefix="/api", tags=["api"], dependencies=[Depends(HTTPBearer(auto_error=False))]
)
Uploader = Annotated[WebUser, Depends(require_api(Role.CLERK))]


class UploadOut(BaseModel):
    name: str
    outcome: str  # received, duplicate, digitized, split, quarantined
    message: str
    document: int | None
    link: str | None


def _out(outcome: UploadOutcome) -> UploadOut:
    return UploadOut.model_validate(outcome.as_json())


@router.post(
    "/uploads",
    summary="Upload one file for digitizing",
    responses={
        **problem_responses(400, 401, 403, 404),
        413: {"description": "Larger than the largest input file (limits.max_file_mb)."},
    },
    openapi_extra=RAW_FILE,
)
async def upload(
    request: Request,
    user: Uploader,
    unit: Annotated[str, Query(max_length=100, description="The unit's code.")],
    kind: Annotated[str, Query(max_length=20, description="intake or result.")],
    name: Annotated[str, Query(max_length=1000, description="The file's name.")],
    dossier: Annotated[str, Query(max_length=100, description="Dossier code, if known.")] = "",
) -> UploadOut:
    """The body is the file. It is archived and queued for OCR exactly as a file dropped in
    the unit's inbox: `received` (with the new document's id) or `duplicate` (the id of the
    document that holds the same content). Follow it with `GET /api/uploads/{document}`."""
    target = upload_target(user, unit, kind, dossier)
    context = web_context(request).back
    return _out(await receive_upload(context, user, target, name, request.stream()))


@router.get(
    "/uploads/{document}",
    summary="Where an uploaded document stands",
    responses=problem_responses(401, 403, 404),
)
def upload_status(
    request: Request,
    user: Uploader,
    document: Annotated[int, Path(ge=1, le=MAX_ID, description="Document id.")],
) -> UploadOut:
    """`received` while it waits for OCR, then `digitized`, `split` or `quarantined` (with
    the reason in Vietnamese)."""
    context = web_context(request).back
    found = find_document(context.store, document, user.unit_ids)
    if found is None:
        raise HTTPException(404, NO_DOCUMENT)
    return _out(document_outcome(context, found))
