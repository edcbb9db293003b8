"""Batches as people look at them: a list with progress, and one batch with its outputs."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from signing_batches.errors import BatchNotFoundError
from store.database import Store
from store.schema import BatchItemRecord, BatchRecord, DocumentRecord, UnitRecord
from store.states import BatchItemState


@dataclass(frozen=True)
class BatchSummary:
    id: int
    profile: str
    unit: str | None
    kind: str | None
    day: str | None
    by_hand: bool
    state: str
    documents: int
    signed: int
    failed: int
    created_at: datetime
    submitted_by: str | None
    decided_by: str | None
    reason: str | None


@dataclass(frozen=True)
class BatchItemView:
    document_id: int
    name: str
    dossier_code: str | None
    output_path: str | None
    pages: int | None
    state: str
    submitted_sha256: str | None
    signed_sha256: str | None
    error: str | None


def list_batches(store: Store, states: list[str] | None = None) -> list[BatchSummary]:
    with store.reading() as session:
        query = select(BatchRecord).order_by(BatchRecord.id)
        if states:
            query = query.where(BatchRecord.state.in_(states))
        return [_summary(session, batch) for batch in session.scalars(query)]


def show_batch(store: Store, batch_id: int) -> tuple[BatchSummary, list[BatchItemView]]:
    with store.reading() as session:
        batch = session.get(BatchRecord, batch_id)
        if batch is None:
            raise BatchNotFoundError(
                f"There is no batch {batch_id}.",
                code="batch.not_found",
                params={"batch": batch_id},
            )
        rows = session.execute(
            select(BatchItemRecord, DocumentRecord)
            .join(DocumentRecord, DocumentRecord.id == BatchItemRecord.document_id)
            .where(BatchItemRecord.batch_id == batch_id)
            .order_by(DocumentRecord.id)
        ).all()
        items = [
            BatchItemView(
                document_id=document.id,
                name=document.original_name,
                dossier_code=document.dossier_code,
                output_path=document.output_path,
                pages=document.page_count,
                state=item.state,
                submitted_sha256=item.sha256,
                signed_sha256=item.signed_sha256,
                error=item.error,
            )
            for item, document in rows
        ]
        return _summary(session, batch), items


def _summary(session: Session, batch: BatchRecord) -> BatchSummary:
    counts = Counter(
        {
            state: count
            for state, count in session.execute(
                select(BatchItemRecord.state, func.count())
                .where(BatchItemRecord.batch_id == batch.id)
                .group_by(BatchItemRecord.state)
            )
        }
    )
    unit = session.get(UnitRecord, batch.unit_id) if batch.unit_id is not None else None
    return BatchSummary(
        id=batch.id,
        profile=batch.profile,
        unit=unit.code if unit is not None else None,
        kind=batch.kind,
        day=batch.day,
        by_hand=batch.by_hand,
        state=batch.state,
        documents=sum(counts.values()),
        signed=counts[BatchItemState.SIGNED],
        failed=counts[BatchItemState.FAILED] + counts[BatchItemState.REFUSED],
        created_at=batch.created_at,
        submitted_by=batch.submitted_by,
        decided_by=batch.decided_by,
        reason=batch.reason,
    )
