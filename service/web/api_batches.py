"""The clerk's batches page's JSON twin: a clerk's batches (an officer's: every batch), one
with its documents, a batch made of chosen documents, submitting one and submitting a
rejected one again.

A clerk sees a batch only when every document in it is of their units (`queries.clerk_batches`),
and chooses documents of their units only: any other answers 404, as if it did not exist. A
state that refuses the action answers 409 with the reason in Vietnamese.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.security import HTTPBearer

from accounts.users import WebUser
from config.errors import NotFoundError
from queries.batches import BatchLine, batch_items, batch_line, batch_lines
from queries.clerk_batches import clerk_batch, clerk_batch_lines
from queries.document_stage import stage_of
from service.messages import say
from service.web.api_batch_models import (
    BatchDocumentOut,
    BatchIn,
    BatchList,
    BatchMade,
    BatchOut,
    BatchWithDocuments,
    DocumentOutcomeOut,
    conflict_responses,
)
from service.web.api_models import problem_responses
from service.web.auth import require_api
from service.web.clerk_batches import NO_BATCH
from service.web.context import web_context
from service.web.document_bulk import batch_selected
from service.web.labels import label
from service.web.paging import Page, Paged
from service.web.selection import visible_selection
from signing_batches.errors import BatchError
from signing_batches.flow import resubmit, submit
from store.database import Store
from store.states import Role

router = APIRouter(
    prefix="/api", tags=["api"], dependencies=[Depends(HTTPBearer(auto_error=False))]
)
Reader = Annotated[WebUser, Depends(require_api(Role.CLERK, Role.OFFICER))]
Clerk = Annotated[WebUser, Depends(require_api(Role.CLERK))]


@router.get("/batches", summary="The user's batches", responses=problem_responses(400, 401, 403))
def batches(request: Request, user: Reader, page: Paged) -> BatchList:
    """Newest first: a clerk's, those wholly of their units; an officer's, every batch. A
    rejected batch names who rejected it (`decided_by`) and why (`reason`)."""
    store = web_context(request).back.store
    units = user.visible_unit_ids
    if units is None:
        rows = batch_lines(store, None, page.offset, page.fetch, newest_first=True)
    else:
        rows = clerk_batch_lines(store, units, page.offset, page.fetch)
    page, lines = page.cut(rows)
    return BatchList(items=[_batch_out(line) for line in lines], next_page=_next(page))


@router.get(
    "/batches/{batch_id:id}",
    summary="A batch with its documents",
    responses=problem_responses(400, 401, 403, 404),
)
def batch(request: Request, user: Reader, batch_id: int, page: Paged) -> BatchWithDocuments:
    """The batch as in the list, and a page of its documents with each one's stage and
    signing state."""
    store = web_context(request).back.store
    line = _visible_batch(store, user.visible_unit_ids, batch_id)
    page, items = page.cut(batch_items(store, batch_id, page.offset, page.fetch))
    documents = [
        BatchDocumentOut(
            id=item.document.id,
            original_name=item.document.original_name,
            unit_code=item.document.unit_code,
            dossier_code=item.document.dossier_code,
            page_count=item.document.page_count,
            stage=stage_of(item.document.status, item.document.signed_at, line.state).value,
            signing=item.state,
            problem=item.error,
        )
        for item in items
    ]
    return BatchWithDocuments(
        **_batch_out(line).model_dump(), items=documents, next_page=_next(page)
    )


@router.post(
    "/batches",
    summary="Make a batch of chosen documents",
    status_code=201,
    responses=conflict_responses(400, 401, 403, 404, 422),
)
def make(request: Request, user: Clerk, body: BatchIn) -> BatchMade:
    """As the document list's bulk action: the documents that can be signed go into a new
    batch (leaving the open batches they were collected into), submitted at once if `submit`;
    each document says whether it went in, or why not. Every document must be of the
    clerk's units, else nothing is done (404)."""
    back = web_context(request).back
    chosen = visible_selection(back.store, list(dict.fromkeys(body.document_ids)), user.unit_ids)
    made = batch_selected(back, user.actor, chosen, body.profile, submit=body.submit)
    return BatchMade(
        batch=_acted_on(back.store, made.batch_id),
        documents=[
            DocumentOutcomeOut(
                document_id=outcome.document.id, done=outcome.done, message=outcome.text
            )
            for outcome in made.outcomes
        ],
    )


@router.post(
    "/batches/{batch_id:id}/submit",
    summary="Submit an open batch for approval",
    responses=conflict_responses(400, 401, 403, 404),
)
def submit_batch(request: Request, user: Clerk, batch_id: int) -> BatchOut:
    """The outputs are hashed as they are now: that is what the officer reviews."""
    back = web_context(request).back
    return _act(back.store, user, batch_id, lambda: submit(back, batch_id, user.actor))


@router.post(
    "/batches/{batch_id:id}/resubmit",
    summary="Submit a rejected batch again",
    responses=conflict_responses(400, 401, 403, 404),
)
def resubmit_batch(request: Request, user: Clerk, batch_id: int) -> BatchOut:
    """Once its documents are fixed (retagged, or taken out on the batch's page): the
    rejection's reason goes to the audit trail and the batch waits for approval again."""
    back = web_context(request).back
    return _act(back.store, user, batch_id, lambda: resubmit(back, batch_id, user.actor))


def _act(store: Store, user: WebUser, batch_id: int, action: Callable[[], None]) -> BatchOut:
    if clerk_batch(store, user.unit_ids, batch_id) is None:
        raise HTTPException(404, NO_BATCH)
    try:
        action()
    except BatchError as error:
        raise HTTPException(404 if isinstance(error, NotFoundError) else 409, say(error)) from None
    return _acted_on(store, batch_id)


def _acted_on(store: Store, batch_id: int) -> BatchOut:
    line = batch_line(store, batch_id)
    assert line is not None  # batches are never deleted
    return _batch_out(line)


def _visible_batch(store: Store, units: frozenset[int] | None, batch_id: int) -> BatchLine:
    line = batch_line(store, batch_id) if units is None else clerk_batch(store, units, batch_id)
    if line is None:
        raise HTTPException(404, NO_BATCH)
    return line


def _next(page: Page) -> int | None:
    return page.number + 1 if page.has_next else None


def _batch_out(line: BatchLine) -> BatchOut:
    return BatchOut(
        id=line.id,
        state=line.state,
        state_words=label("batch", line.state),
        profile=line.profile,
        unit_code=line.unit_code,
        unit_name=line.unit_name,
        kind=line.kind,
        day=line.day,
        by_hand=line.by_hand,
        documents=line.documents,
        signed=line.signed,
        failed=line.failed,
        created_at=line.created_at,
        submitted_at=line.submitted_at,
        submitted_by=line.submitted_by_name or line.submitted_by,
        decided_at=line.decided_at,
        decided_by=line.decided_by_name or line.decided_by,
        reason=line.reason,
    )
