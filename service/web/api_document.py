"""The JSON twin of the document page: `GET /api/documents/{id}` for a bearer token's user,
a clerk only for their units (404 otherwise, as if absent)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.security import HTTPBearer

from accounts.users import WebUser
from queries.document_page import document_history, document_place
from service.web.api_document_page_models import (
    BatchRefOut,
    DocumentPageOut,
    SignatureOut,
    TagChangeOut,
)
from service.web.api_models import problem_responses
from service.web.auth import require_api
from service.web.context import web_context
from service.web.document_access import visible_document
from service.web.document_story import document_story
from service.web.labels import label
from service.web.signature_status import document_signature
from store.states import Role

router = APIRouter(
    prefix="/api", tags=["api"], dependencies=[Depends(HTTPBearer(auto_error=False))]
)
Reader = Annotated[
    WebUser, Depends(require_api(Role.CLERK, Role.OFFICER, Role.AUDITOR, Role.ADMIN))
]


@router.get(
    "/documents/{document_id:id}",
    summary="A document as its page shows it",
    responses=problem_responses(401, 403, 404),
)
def document(request: Request, user: Reader, document_id: int) -> DocumentPageOut:
    """Its unit, stage, tag with the tag's history, page count, signature status (verified
    against the configured trust roots, kept by the output's hash) and batch."""
    found = visible_document(request, user, document_id)
    back = web_context(request).back
    place = document_place(back.store, found)
    story = document_story(back.store, document_history(back.store, found.id))
    signature = document_signature(back.settings, back.layout, found)
    return DocumentPageOut(
        id=found.id,
        kind=found.kind,
        file_name=found.original_name,
        unit_code=found.unit_code,
        unit_name=place.unit_name,
        received_at=found.received_at,
        stage=place.stage.value,
        stage_words=label("stage", place.stage),
        pages=found.page_count,
        dossier_code=found.dossier_code,
        tag_source=found.tag_source,
        tag_history=[
            TagChangeOut(
                at=change.at,
                by=change.who,
                previous=change.before,
                dossier_code=change.after,
                source=change.source,
                reason=change.reason,
            )
            for change in story.tag_changes
        ],
        signature=SignatureOut(
            state=signature.state.value,
            signer=signature.signer,
            signed_at=signature.signed_at,
            problem=signature.problem,
        ),
        batch=BatchRefOut(
            id=place.batch_id, state=place.batch_state or "", profile=place.batch_profile
        )
        if place.batch_id is not None
        else None,
        original_url=f"/documents/{found.id}/original",
        output_url=f"/documents/{found.id}/output" if found.output_path else None,
    )
