"""Today's intake (Vietnam day) of the clerk's units: counts by status and the documents."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from sqlalchemy import ColumnElement, and_, func, select
from sqlalchemy.orm import Session

from service.web.clerk_access import services_of, unit_ids, vietnam_day
from service.web.pages import render
from service.web.paging import Paged, read_page
from service.web.roles import Clerk
from store.schema import DocumentRecord, UnitRecord
from store.states import DocumentStatus

router = APIRouter()


@dataclass(frozen=True)
class IntakeCounts:
    files: int  # files received (a split stack counts once)
    waiting: int  # files still waiting for OCR
    by_status: dict[str, int]  # every document, parts of stacks included
    untagged: int

    @property
    def finished(self) -> int:
        return self.files - self.waiting


@router.get("/clerk/intake", response_class=HTMLResponse)
def intake(request: Request, user: Clerk, page: Paged) -> HTMLResponse:
    now = datetime.now(UTC)
    today = _today(unit_ids(user), now)
    received = (
        select(DocumentRecord, UnitRecord.code)
        .join(UnitRecord, UnitRecord.id == DocumentRecord.unit_id)
        .where(today)
        .order_by(DocumentRecord.received_at.desc(), DocumentRecord.id.desc())
    )
    with services_of(request).store.reading() as session:
        counts = _counts(session, today)
        page, shown = read_page(session, received, page)
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


def _today(units: list[int], now: datetime) -> ColumnElement[bool]:
    start, end = vietnam_day(now)
    return and_(
        DocumentRecord.received_at >= start,
        DocumentRecord.received_at < end,
        DocumentRecord.unit_id.in_(units),
    )


def _counts(session: Session, today: ColumnElement[bool]) -> IntakeCounts:
    top = DocumentRecord.parent_id.is_(None)
    grouped = session.execute(
        select(DocumentRecord.status, top, func.count())
        .where(today)
        .group_by(DocumentRecord.status, top)
    ).all()
    by_status: dict[str, int] = {}
    files = waiting = 0
    for status, is_top, count in grouped:
        by_status[status] = by_status.get(status, 0) + count
        if is_top:
            files += count
            waiting += count if status == DocumentStatus.RECEIVED else 0
    untagged = session.scalar(
        select(func.count())
        .select_from(DocumentRecord)
        .where(
            today,
            DocumentRecord.status == DocumentStatus.DIGITIZED,
            DocumentRecord.dossier_code.is_(None),
        )
    )
    return IntakeCounts(files, waiting, by_status, untagged or 0)
