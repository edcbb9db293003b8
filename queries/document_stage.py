"""Where a document stands, as the workspace shows and filters it: one word from its status,
its signature and the state of the batch it was last placed in (`documents.batch_id`).

The same rule is written twice, once in Python (`stage_of`, for a document in hand) and once
in SQL (`stage_expression`, for filtering and sorting a list); a test holds them together.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ColumnElement, and_, case, literal, or_

from store.schema import BatchRecord, DocumentRecord
from store.states import BatchState, DocumentStatus

SUBMITTED_STATES = (BatchState.SUBMITTED, BatchState.APPROVED, BatchState.SIGNING)


class DocumentStage(StrEnum):
    WAITING = "waiting"  # archived, its OCR not done yet
    DIGITIZED = "digitized"  # searchable output written, in no batch (or one that failed)
    SPLIT = "split"  # a stack cut into one document per dossier
    QUARANTINED = "quarantined"  # could not be digitized
    IN_BATCH = "in_batch"  # in a batch still collecting outputs
    SUBMITTED = "submitted"  # in a batch an officer is deciding on, or signing
    SIGNED = "signed"
    REJECTED = "rejected"  # its batch was rejected: fix it and submit again


def stage_of(status: str, signed_at: datetime | None, batch_state: str | None) -> DocumentStage:
    if status == DocumentStatus.RECEIVED:
        return DocumentStage.WAITING
    if status == DocumentStatus.SPLIT:
        return DocumentStage.SPLIT
    if status == DocumentStatus.QUARANTINED:
        return DocumentStage.QUARANTINED
    if signed_at is not None:
        return DocumentStage.SIGNED
    if batch_state == BatchState.OPEN:
        return DocumentStage.IN_BATCH
    if batch_state in SUBMITTED_STATES:
        return DocumentStage.SUBMITTED
    if batch_state == BatchState.REJECTED:
        return DocumentStage.REJECTED
    return DocumentStage.DIGITIZED


def stage_expression() -> ColumnElement[str]:
    """`stage_of` in SQL, over `documents` outer-joined to `batches` on `documents.batch_id`."""
    return case(
        (DocumentRecord.status == DocumentStatus.RECEIVED, literal(DocumentStage.WAITING.value)),
        (DocumentRecord.status == DocumentStatus.SPLIT, literal(DocumentStage.SPLIT.value)),
        (
            DocumentRecord.status == DocumentStatus.QUARANTINED,
            literal(DocumentStage.QUARANTINED.value),
        ),
        (DocumentRecord.signed_at.is_not(None), literal(DocumentStage.SIGNED.value)),
        (BatchRecord.state == BatchState.OPEN, literal(DocumentStage.IN_BATCH.value)),
        (BatchRecord.state.in_(SUBMITTED_STATES), literal(DocumentStage.SUBMITTED.value)),
        (BatchRecord.state == BatchState.REJECTED, literal(DocumentStage.REJECTED.value)),
        else_=literal(DocumentStage.DIGITIZED.value),
    ).label("stage")


def in_stage(stage: DocumentStage) -> ColumnElement[bool]:
    """The condition for one stage, written so that indexes on status and batch can serve it
    (a CASE in a WHERE clause would read every row)."""
    unsigned_digitized = and_(
        DocumentRecord.status == DocumentStatus.DIGITIZED, DocumentRecord.signed_at.is_(None)
    )
    if stage == DocumentStage.WAITING:
        return DocumentRecord.status == DocumentStatus.RECEIVED
    if stage == DocumentStage.SPLIT:
        return DocumentRecord.status == DocumentStatus.SPLIT
    if stage == DocumentStage.QUARANTINED:
        return DocumentRecord.status == DocumentStatus.QUARANTINED
    if stage == DocumentStage.SIGNED:
        return and_(
            DocumentRecord.status == DocumentStatus.DIGITIZED, DocumentRecord.signed_at.is_not(None)
        )
    if stage == DocumentStage.IN_BATCH:
        return and_(unsigned_digitized, BatchRecord.state == BatchState.OPEN)
    if stage == DocumentStage.SUBMITTED:
        return and_(unsigned_digitized, BatchRecord.state.in_(SUBMITTED_STATES))
    if stage == DocumentStage.REJECTED:
        return and_(unsigned_digitized, BatchRecord.state == BatchState.REJECTED)
    return and_(
        unsigned_digitized,
        or_(
            BatchRecord.state.is_(None),
            BatchRecord.state.not_in((BatchState.OPEN, BatchState.REJECTED, *SUBMITTED_STATES)),
        ),
    )
