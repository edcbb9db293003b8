"""A batch whose every output is settled ends signed, or partly failed."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from store import audit
from store.schema import BatchItemRecord, BatchRecord
from store.states import BatchItemState, BatchState


def finish_batch_if_done(session: Session, batch_id: int) -> None:
    states = Counter(
        session.scalars(select(BatchItemRecord.state).where(BatchItemRecord.batch_id == batch_id))
    )
    if states[BatchItemState.WAITING]:
        return
    batch = session.get_one(BatchRecord, batch_id)
    signed_all = set(states) <= {BatchItemState.SIGNED}
    batch.state = BatchState.SIGNED if signed_all else BatchState.PARTLY_FAILED
    batch.finished_at = datetime.now(UTC)
    audit.record(
        session,
        "batch.signed" if signed_all else "batch.partly_failed",
        f"batch:{batch_id}",
        outcomes={str(state): count for state, count in states.items()},
    )
