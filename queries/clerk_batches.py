"""The batches a clerk may see and act on: those whose every document is of the clerk's units.

A batch holding even one document of another unit (a batch made by hand across units) is not
shown to the clerk, and answers 404 as if it did not exist; an empty batch is shown when it
was collected for one of their units. The rows are the officer's (`queries.batches`).
"""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import ColumnElement, and_, exists, or_, select

from queries.batches import BatchLine, batch_line
from store.database import Store
from store.schema import BatchItemRecord, BatchRecord, DocumentRecord


def clerk_batch_ids(store: Store, unit_ids: Collection[int], offset: int, limit: int) -> list[int]:
    """A page of the clerk's batches, newest first."""
    query = (
        select(BatchRecord.id)
        .where(_visible_to(unit_ids))
        .order_by(BatchRecord.id.desc())
        .offset(offset)
        .limit(limit)
    )
    with store.reading() as session:
        return list(session.scalars(query))


def clerk_batch_lines(
    store: Store, unit_ids: Collection[int], offset: int, limit: int
) -> list[BatchLine]:
    lines = (
        batch_line(store, batch_id) for batch_id in clerk_batch_ids(store, unit_ids, offset, limit)
    )
    return [line for line in lines if line is not None]


def clerk_batch(store: Store, unit_ids: Collection[int], batch_id: int) -> BatchLine | None:
    """The batch, or None when there is none or the clerk may not see it."""
    query = select(BatchRecord.id).where(BatchRecord.id == batch_id, _visible_to(unit_ids))
    with store.reading() as session:
        if session.scalar(query) is None:
            return None
    return batch_line(store, batch_id)


def _visible_to(unit_ids: Collection[int]) -> ColumnElement[bool]:
    units = sorted(unit_ids)
    items = select(BatchItemRecord.id).where(BatchItemRecord.batch_id == BatchRecord.id)
    foreign = items.join(DocumentRecord, DocumentRecord.id == BatchItemRecord.document_id).where(
        DocumentRecord.unit_id.not_in(units)
    )
    return and_(
        ~exists(foreign),
        or_(BatchRecord.unit_id.is_(None), BatchRecord.unit_id.in_(units)),
        or_(exists(items), BatchRecord.unit_id.in_(units)),
    )
