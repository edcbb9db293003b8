"""What a document's page shows beside the document itself: its unit's name, its stage and
batch, the OCR text of one page and how it was read, its audit entries, and where it sits
within its batch."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select

from queries.document_stage import DocumentStage, stage_of
from queries.documents import DocumentView
from store.database import Store
from store.schema import (
    AuditRecord,
    BatchItemRecord,
    BatchRecord,
    DocumentRecord,
    PageRecord,
    UnitRecord,
)

HISTORY_SHOWN = 200  # the newest entries of a document's trail; the auditor's page has them all


@dataclass(frozen=True)
class DocumentPlace:
    """The unit's display name, the stage, and the batch the document was last placed in."""

    unit_name: str
    stage: DocumentStage
    batch_id: int | None
    batch_state: str | None
    batch_profile: str | None


@dataclass(frozen=True)
class HistoryEntry:
    id: int
    at: datetime
    actor: str
    action: str
    details: dict[str, Any]


@dataclass(frozen=True)
class BatchPosition:
    """A document's place among its batch's documents (in the order the batch lists them)."""

    batch_id: int
    position: int  # 1-based
    total: int
    previous_id: int | None
    next_id: int | None


def document_place(store: Store, document: DocumentView) -> DocumentPlace:
    with store.reading() as session:
        unit_name = session.scalar(select(UnitRecord.name).where(UnitRecord.id == document.unit_id))
        batch_id = session.scalar(
            select(DocumentRecord.batch_id).where(DocumentRecord.id == document.id)
        )
        batch = session.get(BatchRecord, batch_id) if batch_id is not None else None
    state = batch.state if batch else None
    return DocumentPlace(
        unit_name=unit_name or "",
        stage=stage_of(document.status, document.signed_at, state),
        batch_id=batch.id if batch else None,
        batch_state=state,
        batch_profile=batch.profile if batch else None,
    )


@dataclass(frozen=True)
class PageReading:
    """A page's OCR text and what was done to read it (`digitizer.reading.ReadStep` values)."""

    text: str
    steps: tuple[str, ...]


def page_reading(store: Store, document_id: int, number: int) -> PageReading:
    """Page `number`'s reading (empty when the page was not read or has no text)."""
    with store.reading() as session:
        row = session.execute(
            select(PageRecord.text, PageRecord.reading).where(
                PageRecord.document_id == document_id, PageRecord.number == number
            )
        ).first()
    if row is None:
        return PageReading("", ())
    return PageReading(row.text or "", tuple(step for step in row.reading.split(",") if step))


def document_history(store: Store, document_id: int) -> list[HistoryEntry]:
    """The document's audit entries, oldest first (the newest `HISTORY_SHOWN`)."""
    query = (
        select(AuditRecord)
        .where(AuditRecord.subject == f"document:{document_id}")
        .order_by(AuditRecord.id.desc())
        .limit(HISTORY_SHOWN)
    )
    with store.reading() as session:
        records = list(session.scalars(query))
    return [_entry(record) for record in reversed(records)]


def batch_position(store: Store, batch_id: int, document_id: int) -> BatchPosition | None:
    """Where the document is among the batch's documents (by id, as the batch page lists
    them); None when it is not in that batch."""
    ids_query = (
        select(BatchItemRecord.document_id)
        .where(BatchItemRecord.batch_id == batch_id)
        .order_by(BatchItemRecord.document_id)
    )
    with store.reading() as session:
        ids = list(session.scalars(ids_query))
    if document_id not in ids:
        return None
    index = ids.index(document_id)
    return BatchPosition(
        batch_id=batch_id,
        position=index + 1,
        total=len(ids),
        previous_id=ids[index - 1] if index > 0 else None,
        next_id=ids[index + 1] if index + 1 < len(ids) else None,
    )


def _entry(record: AuditRecord) -> HistoryEntry:
    details = json.loads(record.details) if record.details else {}
    return HistoryEntry(
        id=record.id,
        at=datetime.fromisoformat(record.at.replace("Z", "+00:00")),
        actor=record.actor,
        action=record.action,
        details=details if isinstance(details, dict) else {"value": details},
    )
