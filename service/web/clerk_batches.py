"""The clerk's batches: those of their units with their state, submitting an open one, and a
rejected one's reason and rejecter, its documents to fix, and submitting it again.

A clerk sees a batch only when every document in it is of their units (`queries.clerk_batches`);
any other answers 404, as if it did not exist.
"""

from __future__ import annotations

from collections.abc import Callable

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from accounts.users import WebUser
from queries.batches import BatchLine, batch_items
from queries.clerk_batches import clerk_batch, clerk_batch_lines
from queries.document_stage import stage_of
from queries.people import full_names
from service.messages import say
from service.web.clerk_access import back_of
from service.web.pages import render
from service.web.paging import Page, Paged
from service.web.problems import status_of
from service.web.roles import Clerk
from signing_batches.errors import BatchError
from signing_batches.flow import remove_from_rejected, resubmit, submit

router = APIRouter(include_in_schema=False)

NO_BATCH = "Không có lô này trong các đơn vị của bạn."
NOTICES = {
    "submitted": "Đã trình lô. Lô đang chờ lãnh đạo duyệt ký.",
    "resubmitted": "Đã trình lại lô. Lô đang chờ lãnh đạo duyệt ký.",
    "removed": (
        "Đã bỏ tài liệu khỏi lô. Sau khi sửa, tài liệu có thể được đưa vào lô khác để trình ký."
    ),
}


@router.get("/clerk/batches", response_class=HTMLResponse)
def batches(request: Request, user: Clerk, page: Paged) -> HTMLResponse:
    store = back_of(request).store
    page, lines = page.cut(clerk_batch_lines(store, user.unit_ids, page.offset, page.fetch))
    return render(
        request,
        "clerk/batches.html",
        user,
        rows=lines,
        page=page,
        people=_people(request, lines),
    )


@router.get("/clerk/batches/{batch_id:id}", response_class=HTMLResponse)
def batch(
    request: Request, batch_id: int, user: Clerk, page: Paged, ok: str | None = None
) -> Response:
    return _batch_page(request, user, batch_id, page, notice=NOTICES.get(ok or ""))


@router.post("/clerk/batches/{batch_id:id}/submit")
def submit_batch(request: Request, batch_id: int, user: Clerk) -> Response:
    back = back_of(request)
    return _act(request, user, batch_id, "submitted", lambda: submit(back, batch_id, user.actor))


@router.post("/clerk/batches/{batch_id:id}/resubmit")
def resubmit_batch(request: Request, batch_id: int, user: Clerk) -> Response:
    back = back_of(request)
    return _act(
        request, user, batch_id, "resubmitted", lambda: resubmit(back, batch_id, user.actor)
    )


@router.post("/clerk/batches/{batch_id:id}/documents/{document_id:id}/remove")
def remove_document(request: Request, batch_id: int, document_id: int, user: Clerk) -> Response:
    back = back_of(request)
    return _act(
        request,
        user,
        batch_id,
        "removed",
        lambda: remove_from_rejected(back, batch_id, document_id, user.actor),
    )


def _act(
    request: Request, user: WebUser, batch_id: int, done: str, action: Callable[[], None]
) -> Response:
    _batch_or_404(request, user, batch_id)
    try:
        action()
    except BatchError as error:
        page = Page(1, back_of(request).settings.web.page_size)
        status = status_of(error)
        return _batch_page(request, user, batch_id, page, error=say(error), status_code=status)
    return RedirectResponse(f"/clerk/batches/{batch_id}?ok={done}", 303)


def _batch_page(
    request: Request,
    user: WebUser,
    batch_id: int,
    page: Page,
    *,
    notice: str | None = None,
    error: str | None = None,
    status_code: int = 200,
) -> Response:
    line = _batch_or_404(request, user, batch_id)
    store = back_of(request).store
    page, items = page.cut(batch_items(store, batch_id, page.offset, page.fetch))
    stages = {
        item.document.id: stage_of(item.document.status, item.document.signed_at, line.state)
        for item in items
    }
    return render(
        request,
        "clerk/batch.html",
        user,
        status_code,
        batch=line,
        items=items,
        stages=stages,
        page=page,
        people=_people(request, [line]),
        notice=notice,
        error=error,
    )


def _batch_or_404(request: Request, user: WebUser, batch_id: int) -> BatchLine:
    line = clerk_batch(back_of(request).store, user.unit_ids, batch_id)
    if line is None:
        raise HTTPException(404, NO_BATCH)
    return line


def _people(request: Request, lines: list[BatchLine]) -> dict[str, str]:
    actors = {actor for line in lines for actor in (line.decided_by, line.submitted_by) if actor}
    return full_names(back_of(request).store, actors)
