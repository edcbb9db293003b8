"""Today's intake (Vietnam day) of the clerk's units: counts by status and the documents."""

from __future__ import annotations

from datetime import UTC, datetime

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse

from queries.documents import DocumentView
from queries.intake import IntakeCounts, intake_counts, intake_documents
from queries.units import named_units
from reports.rates_labels import in_vietnam
from service.web.clerk_access import back_of
from service.web.formats import vn_count
from service.web.labels import label
from service.web.pages import render
from service.web.paging import Paged
from service.web.roles import Clerk
from store.states import DocumentStatus

router = APIRouter()


@router.get("/clerk/intake", response_class=HTMLResponse)
def intake(request: Request, user: Clerk, page: Paged) -> HTMLResponse:
    now = datetime.now(UTC)
    day = in_vietnam(now).date()
    store = back_of(request).store
    counts = intake_counts(store, day, user.unit_ids)
    page, shown = page.cut(intake_documents(store, day, user.unit_ids, page.offset, page.fetch))
    return render(
        request,
        "clerk/intake.html",
        user,
        counts=counts,
        rows=shown,
        page=page,
        today=now,
        statuses=list(DocumentStatus),
        summary=summary(counts),
        units=named_units(store, user.unit_ids),
    )


@router.get("/clerk/intake/state")
def intake_state(request: Request, user: Clerk, page: Paged) -> JSONResponse:
    """What the intake page shows that changes while it is open, for its live region: the
    counts and, for the documents of the page asked for, where each stands."""
    day = in_vietnam(datetime.now(UTC)).date()
    store = back_of(request).store
    counts = intake_counts(store, day, user.unit_ids)
    _, shown = page.cut(intake_documents(store, day, user.unit_ids, page.offset, page.fetch))
    return JSONResponse(
        {
            "day": day.isoformat(),
            "files": counts.files,
            "finished": counts.finished,
            "untagged": counts.untagged,
            "by_status": counts.by_status,
            "summary": summary(counts),
            "documents": [_document_state(document) for document in shown],
        },
        headers={"Cache-Control": "no-store"},
    )


def summary(counts: IntakeCounts) -> str:
    """One sentence the live region reads out when it changes."""
    if not counts.files:
        return "Hôm nay chưa nhận tài liệu nào."
    said = f"Đã xử lý {vn_count(counts.finished)}/{vn_count(counts.files)} tệp"
    quarantined = counts.by_status.get(DocumentStatus.QUARANTINED, 0)
    if quarantined:
        said += f"; {vn_count(quarantined)} tài liệu cần xem lại"
    if counts.untagged:
        said += f"; {vn_count(counts.untagged)} tài liệu chưa gắn mã"
    return said + "."


def _document_state(document: DocumentView) -> dict[str, object]:
    return {
        "id": document.id,
        "status": document.status,
        "status_label": label("document", document.status),
        "dossier_code": document.dossier_code,
        "tag_source_label": label("tag", document.tag_source),
        "page_count": document.page_count,
    }
