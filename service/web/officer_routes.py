"""Routes of the web interface (officer): batches waiting for approval, the decision, progress.

The officer's documents (viewer, page images, downloads, signed list) live in
`officer_documents` and are included here, so that the app sees one router.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from accounts.users import WebUser
from queries.batches import BatchLine, batch_items, batch_line, batch_lines
from runtime.context import JobContext
from service.web.context import web_context
from service.web.labels import label
from service.web.officer_documents import router as documents_router
from service.web.pages import render
from service.web.paging import MAX_PAGE, Page, Paged
from service.web.roles import Officer
from signing_batches.errors import ApprovalNotAllowedError, BatchStateError
from signing_batches.flow import approve, reject
from store.states import BatchState

router = APIRouter(include_in_schema=False)
router.include_router(documents_router)

THUMBNAILS = 4  # page-1 thumbnails shown for each waiting batch
REFRESH_SECONDS = 3  # how often the batch page's live region asks for the signing state
RECENT_STATES = (
    BatchState.APPROVED,
    BatchState.SIGNING,
    BatchState.SIGNED,
    BatchState.PARTLY_FAILED,
    BatchState.REJECTED,
)
NOTICES = {
    "approved": "Đã duyệt lô. Các văn bản đang được ký số.",
    "rejected": ("Đã từ chối lô. Bộ phận một cửa thấy lý do, sửa văn bản rồi trình lại lô này."),
}


@router.get("/officer/batches", response_class=HTMLResponse)
def batches(
    request: Request,
    user: Officer,
    page: Paged,
    waiting_page: Annotated[int, Query(alias="cho", ge=1, le=MAX_PAGE)] = 1,
) -> Response:
    """Submitted batches first (oldest first, with thumbnails), then recent decisions."""
    store = _services(request).store
    waiting = Page(waiting_page, page.size, query=dict(page.query))
    waiting, waiting_rows = waiting.cut(
        batch_lines(
            store, [BatchState.SUBMITTED], waiting.offset, waiting.fetch, thumbnails=THUMBNAILS
        )
    )
    page, recent = page.cut(
        batch_lines(store, RECENT_STATES, page.offset, page.fetch, newest_first=True)
    )
    return render(
        request,
        "officer/batches.html",
        user,
        waiting=waiting_rows,
        waiting_page=waiting,
        recent=recent,
        page=page,
    )


@router.get("/officer/batches/{batch_id:id}", response_class=HTMLResponse)
def batch(
    request: Request,
    batch_id: int,
    user: Officer,
    page: Paged,
    ok: str | None = None,
) -> Response:
    return _batch_page(request, user, batch_id, page, notice=NOTICES.get(ok or ""))


@router.get("/officer/batches/{batch_id:id}/state")
def batch_state(request: Request, batch_id: int, _: Officer) -> Response:
    """The signing progress in a sentence, for the batch page's live region."""
    line = _batch_or_404(_services(request), batch_id)
    return JSONResponse(
        {
            "state": line.state,
            "documents": line.documents,
            "signed": line.signed,
            "failed": line.failed,
            "done": not line.signing,
            "text": progress_text(line),
        },
        headers={"Cache-Control": "no-store"},
    )


def progress_text(line: BatchLine) -> str:
    done = f"đã ký {line.signed}/{line.documents} văn bản"
    failed = f", {line.failed} văn bản lỗi" if line.failed else ""
    if line.signing:
        return f"Đang ký số: {done}{failed}."
    if line.state in (BatchState.SIGNED, BatchState.PARTLY_FAILED):
        return f"Đã ký xong: {done}{failed}."
    return label("batch", line.state)


@router.get("/officer/batches/{batch_id:id}/approve", response_class=HTMLResponse)
def confirm_approval(request: Request, batch_id: int, user: Officer) -> Response:
    """The step before signing: how many documents, with which signing profile."""
    back = _services(request)
    line = _batch_or_404(back, batch_id)
    if line.state != BatchState.SUBMITTED:
        raise _wrong_state(back, batch_id, "duyệt")
    if user.name not in _approvers(back, line):
        raise _not_an_approver(back, line, user)
    return render(request, "officer/approve.html", user, batch=line)


@router.post("/officer/batches/{batch_id:id}/approve")
def approve_batch(request: Request, batch_id: int, user: Officer) -> Response:
    back = _services(request)
    line = _batch_or_404(back, batch_id)
    try:
        approve(back, back.queue, batch_id, user.name, "web")
    except ApprovalNotAllowedError:
        raise _not_an_approver(back, line, user) from None
    except BatchStateError:
        raise _wrong_state(back, batch_id, "duyệt") from None
    return RedirectResponse(f"/officer/batches/{batch_id}?ok=approved", 303)


@router.post("/officer/batches/{batch_id:id}/reject")
def reject_batch(
    request: Request,
    batch_id: int,
    user: Officer,
    reason: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    back = _services(request)
    line = _batch_or_404(back, batch_id)
    if not reason.strip():
        page = Page(1, web_context(request).web.page_size)
        error = "Hãy ghi lý do từ chối: bộ phận một cửa cần biết phải sửa gì."
        return _batch_page(request, user, batch_id, page, error=error, status_code=400)
    try:
        reject(back, batch_id, user.name, "web", reason)
    except ApprovalNotAllowedError:
        raise _not_an_approver(back, line, user) from None
    except BatchStateError:
        raise _wrong_state(back, batch_id, "từ chối") from None
    return RedirectResponse(f"/officer/batches/{batch_id}?ok=rejected", 303)


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
    back = _services(request)
    line = _batch_or_404(back, batch_id)
    page, items = page.cut(batch_items(back.store, batch_id, page.offset, page.fetch))
    approvers = _approvers(back, line)
    refresh = f"{request.url.path}?page={page.number}" if page.number > 1 else request.url.path
    return render(
        request,
        "officer/batch.html",
        user,
        status_code,
        batch=line,
        items=items,
        page=page,
        approvers=approvers,
        may_decide=user.name in approvers,
        refresh_seconds=REFRESH_SECONDS if line.signing else None,
        refresh_url=refresh,
        progress=progress_text(line),
        notice=notice,
        error=error,
    )


def _services(request: Request) -> JobContext:
    return web_context(request).back


def _batch_or_404(back: JobContext, batch_id: int) -> BatchLine:
    line = batch_line(back.store, batch_id)
    if line is None:
        raise HTTPException(404, f"Không có lô số {batch_id}.")
    return line


def _approvers(back: JobContext, line: BatchLine) -> list[str]:
    profile = back.settings.signing.profiles.get(line.profile)
    return list(profile.approvers) if profile is not None else []


def _not_an_approver(back: JobContext, line: BatchLine, user: WebUser) -> HTTPException:
    approvers = _approvers(back, line)
    who = ", ".join(approvers) if approvers else "chưa có ai (quản trị cần khai báo)"
    return HTTPException(
        403,
        f"Tài khoản {user.name} không được duyệt hoặc từ chối lô số {line.id}: "
        f"chỉ người có tên trong danh sách người duyệt của hồ sơ ký số '{line.profile}' "
        f"mới được làm việc này. Người được duyệt: {who}.",
    )


def _wrong_state(back: JobContext, batch_id: int, action: str) -> HTTPException:
    line = _batch_or_404(back, batch_id)  # as it is now, after the refusal
    return HTTPException(
        409,
        f"Không thể {action} lô số {line.id}: lô đang ở trạng thái "
        f"'{label('batch', line.state)}', chỉ lô đang chờ duyệt mới {action} được.",
    )
