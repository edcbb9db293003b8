"""Documents that could not be digitized, with their reasons, and the "try again" action."""

from __future__ import annotations

import json

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from sqlalchemy import select
from sqlalchemy.orm import Session

from intake.quarantine_retry import retry_quarantined
from service.web.clerk_access import clerk_document, services_of, unit_documents
from service.web.clerk_reasons import quarantine_reason, refused_files
from service.web.pages import render
from service.web.paging import Page, Paged, read_page
from service.web.roles import Clerk
from store.archive import Layout
from store.schema import AuditRecord, DocumentRecord
from store.states import DocumentStatus

router = APIRouter()

REFUSED_SHOWN = 20
_NOTICES = {
    "retried": "Đã đưa tài liệu vào hàng đợi để số hóa lại. Theo dõi ở trang «Tiếp nhận hôm nay».",
}


@router.get("/clerk/quarantine", response_class=HTMLResponse)
def quarantine(request: Request, user: Clerk, page: Paged, ok: str = "") -> HTMLResponse:
    services = services_of(request)
    page = Page(page.number, page.size)
    quarantined = unit_documents(user, DocumentRecord.status == DocumentStatus.QUARANTINED)
    with services.store.reading() as session:
        page, shown = read_page(session, quarantined, page)
        reasons = _reasons(session, services.layout, [document.id for document, _ in shown])
    return render(
        request,
        "clerk/quarantine.html",
        user,
        rows=shown,
        reasons=reasons,
        page=page,
        refused=refused_files(services.layout, user.unit_codes, REFUSED_SHOWN),
        notice=_NOTICES.get(ok),
    )


@router.post("/clerk/documents/{document_id:int}/retry")
def retry(request: Request, document_id: int, user: Clerk) -> RedirectResponse:
    services = services_of(request)
    with services.store.reading() as session:
        clerk_document(session, user, document_id)
    retry_quarantined(services, document_id, user.actor)
    return RedirectResponse("/clerk/quarantine?ok=retried", 303)


def _reasons(session: Session, layout: Layout, document_ids: list[int]) -> dict[int, str]:
    """Each document's Vietnamese reason, from the file beside its latest quarantined copy."""
    subjects = {f"document:{document_id}": document_id for document_id in document_ids}
    entries = session.execute(
        select(AuditRecord.subject, AuditRecord.details)
        .where(
            AuditRecord.subject.in_(list(subjects)),
            AuditRecord.action == "document.quarantined",
        )
        .order_by(AuditRecord.id)
    ).all()
    copies = {subjects[subject]: json.loads(details).get("copy") for subject, details in entries}
    reasons = {}
    for document_id, copy in copies.items():
        reason = quarantine_reason(layout, copy)
        if reason:
            reasons[document_id] = reason
    return reasons
