"""Documents a user ticked in the list, with what a bulk action or a download needs of each."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from store.database import Store
from store.schema import BatchRecord, DocumentRecord


@dataclass(frozen=True)
class Selected:
    id: int
    unit_id: int
    original_name: str
    dossier_code: str | None
    status: str
    output_path: str | None
    signed_at: datetime | None
    batch_state: str | None  # of the batch it was last placed in


def selected_documents(
    store: Store, ids: Collection[int], unit_ids: Collection[int] | None
) -> list[Selected] | None:
    """The documents `ids` names, in that order, if every one exists and is of `unit_ids`
    (None: any unit); else None."""
    query = (
        select(
            DocumentRecord.id,
            DocumentRecord.unit_id,
            DocumentRecord.original_name,
            DocumentRecord.dossier_code,
            DocumentRecord.status,
            DocumentRecord.output_path,
            DocumentRecord.signed_at,
            BatchRecord.state,
        )
        .outerjoin(BatchRecord, BatchRecord.id == DocumentRecord.batch_id)
        .where(DocumentRecord.id.in_(sorted(ids)))
    )
    with store.reading() as session:
        found = {row[0]: Selected(*row) for row in session.execute(query)}
    if len(found) != len(set(ids)):
        return None
    if unit_ids is not None and any(row.unit_id not in unit_ids for row in found.values()):
        return None
    return [found[number] for number in ids]
