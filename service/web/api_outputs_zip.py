"""The outputs of chosen documents as one ZIP, the twin of the list's download: streamed as it
is written, each output under its dossier code's folder. Every document must be one the
token's user sees (a clerk: of their units), else nothing is sent (404)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import StreamingResponse
from fastapi.security import HTTPBearer

from accounts.users import WebUser
from service.web.api_models import problem_responses
from service.web.api_outputs_zip_models import OutputsIn
from service.web.auth import require_api
from service.web.context import web_context
from service.web.document_zip import outputs_zip_response
from service.web.selection import visible_selection
from store.states import Role

router = APIRouter(
    prefix="/api", tags=["api"], dependencies=[Depends(HTTPBearer(auto_error=False))]
)
Reader = Annotated[
    WebUser, Depends(require_api(Role.CLERK, Role.OFFICER, Role.AUDITOR, Role.ADMIN))
]
_ZIP = {"application/zip": {"schema": {"type": "string", "format": "binary"}}}


@router.post(
    "/documents/outputs.zip",
    summary="The outputs of chosen documents as one ZIP",
    response_class=StreamingResponse,
    responses={
        200: {"content": _ZIP, "description": "The ZIP."},
        **problem_responses(401, 403, 404, 422),
    },
)
def outputs_zip(request: Request, user: Reader, body: OutputsIn) -> StreamingResponse:
    """Documents without an output yet are left out; 404 when none has one. Signed outputs
    are the signed files."""
    back = web_context(request).back
    ids = list(dict.fromkeys(body.document_ids))
    chosen = visible_selection(back.store, ids, user.visible_unit_ids)
    return outputs_zip_response(back.layout, chosen)
