"""Today's intake (the Vietnam day) of some units: counts by status and the documents, for
the clerk's "today" page."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import ColumnElement, func, select

from queries.documents import DocumentView, documents_query, of_units, read_documents
from queries.untagged import untagged
from reports.rates_periods import vietnam_midnight
from store.database import Store
from store.schema import DocumentRecord
from store.states import DocumentStatus


@dataclass(frozen=True)
class IntakeCounts:
    files: int  # files received (a split stack counts once)
    waiting: int  # files still waiting for OCR
    by_status: dict[str, int]  # every document, parts of stacks included
    untagged: int

    @property
    def finished(self) -> int:
        return self.files - self.waiting


def intake_counts(store: Store, day: date, unit_ids: Collection[int]) -> IntakeCounts:
    received = _received_on(day, unit_ids)
    top = DocumentRecord.parent_id.is_(None)
    with store.reading() as session:
        grouped = session.execute(
            select(DocumentRecord.status, top, func.count())
            .where(*received)
            .group_by(DocumentRecord.status, top)
        ).all()
        waiting_for_tag = session.scalar(
            select(func.count()).select_from(DocumentRecord).where(*received, *untagged())
        )
    by_status: dict[str, int] = {}
    files = waiting = 0
    for status, is_top, count in grouped:
        by_status[status] = by_status.get(status, 0) + count
        if is_top:
            files += count
            waiting += count if status == DocumentStatus.RECEIVED else 0
    return IntakeCounts(files, waiting, by_status, waiting_for_tag or 0)


def intake_documents(
    store: Store, day: date, unit_ids: Collection[int], offset: int, limit: int
) -> list[DocumentView]:
    """The documents received that day, the latest first."""
    query = documents_query(*_received_on(day, unit_ids)).order_by(
        DocumentRecord.received_at.desc(), DocumentRecord.id.desc()
    )
    return read_documents(store, query, offset, limit)


def _received_on(day: date, unit_ids: Collection[int]) -> tuple[ColumnElement[bool], ...]:
    return (
        DocumentRecord.received_at >= vietnam_midnight(day),
        DocumentRecord.received_at < vietnam_midnight(day + timedelta(days=1)),
        *of_units(unit_ids),
    )
