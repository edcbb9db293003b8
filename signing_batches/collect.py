"""Outputs waiting for a signature collect into open batches: per profile, unit, kind and day."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from functools import partial
from zoneinfo import ZoneInfo

from config import Settings
from store import audit
from store.batches import documents_waiting_for_signature, find_open_batch, is_in_active_batch
from store.database import Session
from store.record import Record
from store.schema import BatchItemRecord, BatchRecord, DocumentRecord, UnitRecord
from store.states import BatchItemState, BatchState, DocumentKind, DocumentStatus

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")


def collector(settings: Settings) -> Callable[[Session, DocumentRecord], object]:
    """`collect_document` with the settings bound: what intake calls as each output is
    recorded, in the same transaction."""
    return partial(_collect_with, settings)


def _collect_with(settings: Settings, session: Session, document: DocumentRecord) -> int | None:
    return collect_document(session, settings, document)


def collect_document(session: Session, settings: Settings, document: DocumentRecord) -> int | None:
    """Put a freshly digitized output into its open batch; the batch id, or None."""
    if not _waits_for_signature(document) or is_in_active_batch(session, document.id):
        return None
    unit = session.get_one(UnitRecord, document.unit_id)
    profile = settings.signing.profile_for(unit.code, _profile_kind(document))
    if profile is None:
        return None
    assert document.digitized_at is not None
    day = document.digitized_at.astimezone(VIETNAM).date().isoformat()
    batch = _open_batch(session, profile, unit.id, document.kind, day)
    session.add(
        BatchItemRecord(batch_id=batch.id, document_id=document.id, state=BatchItemState.WAITING)
    )
    document.batch_id = batch.id
    session.flush()
    return batch.id


def collect_waiting(record: Record) -> int:
    """Collect every output that waits for a signature and is in no active batch."""
    collected = 0
    with record.store.writing() as session:
        for document in documents_waiting_for_signature(session):
            if collect_document(session, record.settings, document) is not None:
                collected += 1
    return collected


def _waits_for_signature(document: DocumentRecord) -> bool:
    return (
        document.status == DocumentStatus.DIGITIZED
        and document.output_path is not None
        and document.signed_at is None
    )


def _profile_kind(document: DocumentRecord) -> str:
    return "intake" if document.kind == DocumentKind.INTAKE else "result"


def _open_batch(session: Session, profile: str, unit_id: int, kind: str, day: str) -> BatchRecord:
    batch = find_open_batch(session, profile, unit_id, kind, day)
    if batch is not None:
        return batch
    batch = new_batch(session, profile, unit_id=unit_id, kind=kind, day=day)
    return batch


def new_batch(
    session: Session,
    profile: str,
    *,
    unit_id: int | None = None,
    kind: str | None = None,
    day: str | None = None,
    actor: str = audit.SYSTEM,
) -> BatchRecord:
    batch = BatchRecord(
        profile=profile,
        unit_id=unit_id,
        kind=kind,
        day=day,
        by_hand=actor != audit.SYSTEM,
        state=BatchState.OPEN,
        created_at=datetime.now(UTC),
        created_by=actor,
    )
    session.add(batch)
    session.flush()
    audit.record(
        session, "batch.created", f"batch:{batch.id}", actor, profile=profile, kind=kind, day=day
    )
    return batch
