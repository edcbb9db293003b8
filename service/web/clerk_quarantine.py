"""Documents that could not be digitized, with their reasons, and the "try again" action."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from intake.quarantine_retry import retry_quarantined
from queries.quarantine import quarantined_copies, quarantined_documents
from service.web.clerk_access import back_of, clerk_document
from service.web.clerk_reasons import quarantine_reason, refused_files
from service.web.pages import render
from service.web.paging import Page, Paged
from service.web.roles import Clerk
from store.archive import Layout
from store.database import Store

router = APIRouter()

REFUSED_SHOWN = 20
_NOTICES = {
    "retried": "Đã đưa tài liệu vào hàng đợi để số hóa lại. Theo dõi ở trang «Tiếp nhận hôm nay».",
}


@router.get("/clerk/quarantine", response_class=HTMLResponse)
def quarantine(request: Request, user: Clerk, page: Paged, ok: str = "") -> HTMLResponse:
    back = back_of(request)
    page = Page(page.number, page.size)
    found = quarantined_documents(back.store, user.unit_ids, page.offset, page.fetch)
    page, shown = page.cut(found)
    reasons = _reasons(back.store, back.layout, [document.id for document in shown])
    return render(
        request,
        "clerk/quarantine.html",
        user,
        rows=shown,
        reasons=reasons,
        page=page,
        refused=refused_files(back.layout, user.unit_codes, REFUSED_SHOWN),
        notice=_NOTICES.get(ok),
    )


@router.post("/clerk/documents/{document_id:id}/retry")
def retry(request: Request, document_id: int, user: Clerk) -> RedirectResponse:
    back = back_of(request)
    clerk_document(request, user, document_id)
    retry_quarantined(back, document_id, user.actor)
    return RedirectResponse("/clerk/quarantine?ok=retried", 303)


def _reasons(store: Store, layout: Layout, document_ids: list[int]) -> dict[int, str]:
    """Each document's Vietnamese reason, from the file beside its latest quarantined copy."""
    reasons = {}
    for document_id, copy in quarantined_copies(store, document_ids).items():
        reason = quarantine_reason(layout, copy)
        if reason:
            reasons[document_id] = reason
    return reasons
