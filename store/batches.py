"""Batches and their items as the signing use cases read them, with the documents they hold.

A document is in at most one active batch (open, submitted, approved or signing): that is
what keeps it from being collected twice.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Select, select

from store.database import Session
from store.schema import BatchItemRecord, BatchRecord, DocumentRecord, JobRecord
from store.states import BatchItemState, BatchState, DocumentStatus

_ACTIVE = [state.value for state in BatchState if state.active]
_SIGNABLE = (BatchState.APPROVED, BatchState.SIGNING)


def find_batch_for_update(session: Session, batch_id: int) -> BatchRecord | None:
    """The batch, its row locked until the transaction ends (two decisions never cross)."""
    return session.get(BatchRecord, batch_id, with_for_update=True)


def find_open_batch(
    session: Session, profile: str, unit_id: int, kind: str, day: str
) -> BatchRecord | None:
    """The open batch the service collects this profile's, unit's, kind's and day's outputs in."""
    return session.scalars(
        select(BatchRecord).where(
            BatchRecord.state == BatchState.OPEN,
            BatchRecord.by_hand.is_(False),
            BatchRecord.profile == profile,
            BatchRecord.unit_id == unit_id,
            BatchRecord.kind == kind,
            BatchRecord.day == day,
        )
    ).first()


def documents_waiting_for_signature(session: Session) -> Sequence[DocumentRecord]:
    """Digitized outputs not yet signed and in no active batch, oldest first."""
    return session.scalars(
        select(DocumentRecord)
        .where(DocumentRecord.status == DocumentStatus.DIGITIZED)
        .where(DocumentRecord.output_path.is_not(None))
        .where(DocumentRecord.signed_at.is_(None))
        .where(DocumentRecord.id.not_in(_documents_in_active_batches()))
        .order_by(DocumentRecord.id)
    ).all()


def is_in_active_batch(session: Session, document_id: int) -> bool:
    query = _documents_in_active_batches().where(BatchItemRecord.document_id == document_id)
    return session.scalars(query).first() is not None


def active_item_of(
    session: Session, document_id: int
) -> tuple[BatchItemRecord, BatchRecord] | None:
    """The document's item in an active batch, with that batch; None when it is in none."""
    return session.execute(
        _items_with_batches().where(
            BatchItemRecord.document_id == document_id, BatchRecord.state.in_(_ACTIVE)
        )
    ).first()


def item_to_sign(session: Session, document_id: int) -> tuple[BatchItemRecord, BatchRecord] | None:
    """The document's item still waiting in an approved batch or one being signed, with it."""
    return session.execute(
        _items_with_batches().where(
            BatchItemRecord.document_id == document_id,
            BatchItemRecord.state == BatchItemState.WAITING,
            BatchRecord.state.in_(_SIGNABLE),
        )
    ).first()


def batch_items(session: Session, batch_id: int) -> list[BatchItemRecord]:
    """The batch's items in the order of their documents."""
    query = select(BatchItemRecord).where(BatchItemRecord.batch_id == batch_id)
    return list(session.scalars(query.order_by(BatchItemRecord.document_id)))


def batch_item_states(session: Session, batch_id: int) -> list[str]:
    query = select(BatchItemRecord.state).where(BatchItemRecord.batch_id == batch_id)
    return list(session.scalars(query))


def find_document_job(session: Session, kind: str, document_id: int) -> JobRecord | None:
    """The document's job of this kind (a signing job, say), if it has one."""
    return session.scalars(
        select(JobRecord).where(JobRecord.kind == kind, JobRecord.document_id == document_id)
    ).first()


def signed_outputs_without_validation_data(session: Session) -> list[tuple[int, str, str]]:
    """(document, output, profile that signed it) for signed outputs without LTV data."""
    rows = session.execute(
        select(DocumentRecord.id, DocumentRecord.output_path, BatchRecord.profile)
        .join(BatchItemRecord, BatchItemRecord.document_id == DocumentRecord.id)
        .join(BatchRecord, BatchRecord.id == BatchItemRecord.batch_id)
        .where(BatchItemRecord.state == BatchItemState.SIGNED)
        .where(DocumentRecord.signed_at.is_not(None))
        .where(DocumentRecord.ltv_at.is_(None))
        .where(DocumentRecord.output_path.is_not(None))
        .order_by(DocumentRecord.id)
    ).all()
    return [(row[0], str(row[1]), row[2]) for row in rows]


def signed_output_paths(session: Session, *, dossier: str | None = None) -> list[str]:
    """The outputs signed so far (of one dossier), relative to the data folder."""
    return _output_paths(session, _outputs().where(DocumentRecord.signed_at.is_not(None)), dossier)


def batch_output_paths(session: Session, batch_id: int, *, dossier: str | None = None) -> list[str]:
    """The outputs of a batch (of one dossier), signed or not, relative to the data folder."""
    query = _outputs().join(BatchItemRecord, BatchItemRecord.document_id == DocumentRecord.id)
    return _output_paths(session, query.where(BatchItemRecord.batch_id == batch_id), dossier)


def _documents_in_active_batches() -> Select[int]:
    return (
        select(BatchItemRecord.document_id)
        .join(BatchRecord, BatchRecord.id == BatchItemRecord.batch_id)
        .where(BatchRecord.state.in_(_ACTIVE))
    )


def _items_with_batches() -> Select[BatchItemRecord, BatchRecord]:
    return select(BatchItemRecord, BatchRecord).join(
        BatchRecord, BatchRecord.id == BatchItemRecord.batch_id
    )


def _outputs() -> Select[str | None]:
    return select(DocumentRecord.output_path).where(DocumentRecord.output_path.is_not(None))


def _output_paths(session: Session, query: Select[str | None], dossier: str | None) -> list[str]:
    if dossier is not None:
        query = query.where(DocumentRecord.dossier_code == dossier)
    relative = session.scalars(query.order_by(DocumentRecord.id)).all()
    return [path for path in relative if path is not None]
