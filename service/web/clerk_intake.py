"""Today's intake (Vietnam day) of the clerk's units: counts by status and the documents."""

from __future__ import annotations

from datetime import UTC, datetime

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from queries.intake import intake_counts, intake_documents
from reports.rates_labels import in_vietnam
from service.web.clerk_access import back_of
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
    )
