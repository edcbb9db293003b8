"""Batches and signed outputs as people look at them: a list with progress, one batch with
its outputs, the signed outputs. The officer's pages, `sohoa batches` and the benchmarks
read the same rows.

Every list reads one page (`offset`, `limit`; None for all) with its counts in one grouped
query, so a page costs the same on a day's work and on years of it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from queries.documents import (
    DocumentView,
    document_view,
    documents_query,
    read_documents,
    unit_names,
)
from queries.people import full_names
from store.database import Store
from store.schema import BatchItemRecord, BatchRecord, DocumentRecord, UnitRecord
from store.states import BatchItemState, BatchState

FINISHED_STATES = (BatchState.SIGNED, BatchState.PARTLY_FAILED, BatchState.REJECTED)


@dataclass(frozen=True)
class BatchLine:
    """A batch with its progress and the first few documents (for thumbnails)."""

    id: int
    profile: str
    unit_code: str | None
    unit_name: str | None
    kind: str | None
    day: date | None
    by_hand: bool
    state: str
    documents: int
    signed: int
    failed: int
    submitted_at: datetime | None
    submitted_by: str | None
    decided_at: datetime | None
    decided_by: str | None
    reason: str | None
    finished_at: datetime | None
    created_at: datetime
    first_documents: tuple[int, ...] = ()
    submitted_by_name: str | None = None
    """Who submitted it, by their full name where they have one."""
    decided_by_name: str | None = None
    """Who approved or rejected it, by their full name where they have one."""

    @property
    def waiting(self) -> int:
        return self.documents - self.signed - self.failed

    @property
    def finished(self) -> bool:
        return self.state in FINISHED_STATES

    @property
    def signing(self) -> bool:
        """Approved and not finished: the signing jobs are at work."""
        return self.state in (BatchState.APPROVED, BatchState.SIGNING)


@dataclass(frozen=True)
class BatchItem:
    """An output in a batch: the document, its signing state and problem, and the hashes
    taken of the output at submission and after signing."""

    document: DocumentView
    state: str
    error: str | None
    submitted_sha256: str | None
    signed_sha256: str | None


def batch_lines(
    store: Store,
    states: Sequence[str] | None,
    offset: int = 0,
    limit: int | None = None,
    *,
    newest_first: bool = False,
    thumbnails: int = 0,
) -> list[BatchLine]:
    """Batches in `states` (every batch when None), oldest first (or newest), with the first
    `thumbnails` documents."""
    order = BatchRecord.id.desc() if newest_first else BatchRecord.id
    query = select(BatchRecord).order_by(order)
    if states is not None:
        query = query.where(BatchRecord.state.in_(list(states)))
    with store.reading() as session:
        batches = session.scalars(query.offset(offset).limit(limit)).all()
        lines = _lines(session, list(batches), thumbnails)
    return _named(store, lines)


def batch_line(store: Store, batch_id: int) -> BatchLine | None:
    with store.reading() as session:
        batch = session.get(BatchRecord, batch_id)
        lines = [] if batch is None else _lines(session, [batch], 0)
    return _named(store, lines)[0] if lines else None


def _named(store: Store, lines: list[BatchLine]) -> list[BatchLine]:
    """The lines with the people who submitted and decided them by their full names."""
    actors = {actor for line in lines for actor in (line.submitted_by, line.decided_by) if actor}
    if not actors:
        return lines
    names = full_names(store, actors)
    return [
        replace(
            line,
            submitted_by_name=names.get(line.submitted_by or ""),
            decided_by_name=names.get(line.decided_by or ""),
        )
        for line in lines
    ]


def batch_items(
    store: Store, batch_id: int, offset: int = 0, limit: int | None = None
) -> list[BatchItem]:
    """The outputs of a batch, a page of them, each with its signing state and problem."""
    query = (
        documents_query(BatchItemRecord.batch_id == batch_id)
        .add_columns(
            BatchItemRecord.state,
            BatchItemRecord.error,
            BatchItemRecord.sha256,
            BatchItemRecord.signed_sha256,
        )
        .join(BatchItemRecord, BatchItemRecord.document_id == DocumentRecord.id)
        .order_by(DocumentRecord.id)
    )
    with store.reading() as session:
        rows = session.execute(query.offset(offset).limit(limit)).all()
        names = unit_names(session, {row[0].unit_id for row in rows})
        return [
            BatchItem(
                document_view(document, unit, names.get(document.unit_id, "")),
                state,
                error,
                submitted,
                signed,
            )
            for document, unit, state, error, submitted, signed in rows
        ]


def signed_documents(store: Store, offset: int, limit: int) -> list[DocumentView]:
    """Signed outputs, the most recently signed first."""
    query = documents_query(DocumentRecord.signed_at.is_not(None)).order_by(
        DocumentRecord.signed_at.desc(), DocumentRecord.id.desc()
    )
    return read_documents(store, query, offset, limit)


def _lines(session: Session, batches: list[BatchRecord], thumbnails: int) -> list[BatchLine]:
    ids = [batch.id for batch in batches]
    counts = _item_counts(session, ids)
    units = _units(session, {batch.unit_id for batch in batches if batch.unit_id is not None})
    firsts = _first_documents(session, ids, thumbnails) if thumbnails else {}
    lines = []
    for batch in batches:
        count = counts.get(batch.id, Counter())
        unit = units.get(batch.unit_id) if batch.unit_id is not None else None
        lines.append(
            BatchLine(
                id=batch.id,
                profile=batch.profile,
                unit_code=unit.code if unit else None,
                unit_name=unit.name if unit else None,
                kind=batch.kind,
                day=date.fromisoformat(batch.day) if batch.day else None,
                by_hand=batch.by_hand,
                state=batch.state,
                documents=sum(count.values()),
                signed=count[BatchItemState.SIGNED],
                failed=count[BatchItemState.FAILED] + count[BatchItemState.REFUSED],
                submitted_at=batch.submitted_at,
                submitted_by=batch.submitted_by,
                decided_at=batch.decided_at,
                decided_by=batch.decided_by,
                reason=batch.reason,
                finished_at=batch.finished_at,
                created_at=batch.created_at,
                first_documents=tuple(firsts.get(batch.id, ())),
            )
        )
    return lines


def _item_counts(session: Session, batch_ids: list[int]) -> dict[int, Counter[str]]:
    counts: dict[int, Counter[str]] = {}
    if not batch_ids:
        return counts
    rows = session.execute(
        select(BatchItemRecord.batch_id, BatchItemRecord.state, func.count())
        .where(BatchItemRecord.batch_id.in_(batch_ids))
        .group_by(BatchItemRecord.batch_id, BatchItemRecord.state)
    )
    for batch_id, state, count in rows:
        counts.setdefault(batch_id, Counter())[state] = count
    return counts


def _units(session: Session, unit_ids: set[int]) -> dict[int, UnitRecord]:
    if not unit_ids:
        return {}
    units = session.scalars(select(UnitRecord).where(UnitRecord.id.in_(unit_ids)))
    return {unit.id: unit for unit in units}


def _first_documents(session: Session, batch_ids: list[int], count: int) -> dict[int, list[int]]:
    """The `count` lowest document ids of each batch, in one query."""
    if not batch_ids:
        return {}
    numbered = (
        select(
            BatchItemRecord.batch_id,
            BatchItemRecord.document_id,
            func.row_number()
            .over(partition_by=BatchItemRecord.batch_id, order_by=BatchItemRecord.document_id)
            .label("position"),
        )
        .where(BatchItemRecord.batch_id.in_(batch_ids))
        .subquery()
    )
    rows = session.execute(
        select(numbered.c.batch_id, numbered.c.document_id)
        .where(numbered.c.position <= count)
        .order_by(numbered.c.batch_id, numbered.c.document_id)
    )
    firsts: dict[int, list[int]] = {}
    for batch_id, document_id in rows:
        firsts.setdefault(batch_id, []).append(document_id)
    return firsts
