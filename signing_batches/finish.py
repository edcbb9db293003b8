"""A batch whose every output is settled ends signed, or partly failed."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime

from store import audit
from store.batches import batch_item_states
from store.database import Session
from store.schema import BatchRecord
from store.states import BatchItemState, BatchState


def finish_batch_if_done(session: Session, batch_id: int) -> None:
    states = Counter(batch_item_states(session, batch_id))
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
