"""Which output files carry Sohoa's signatures: of a dossier, a batch, or all of them."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from signing_batches.errors import BatchNotFoundError
from store.archive import Layout
from store.database import Store
from store.schema import BatchItemRecord, BatchRecord, DocumentRecord


def signed_outputs(
    store: Store, layout: Layout, *, dossier: str | None = None, batch: int | None = None
) -> list[Path]:
    query = select(DocumentRecord.output_path).where(DocumentRecord.output_path.is_not(None))
    if batch is not None:
        with store.reading() as session:
            if session.get(BatchRecord, batch) is None:
                raise BatchNotFoundError(
                    f"There is no batch {batch}.", code="batch.not_found", params={"batch": batch}
                )
        query = query.join(BatchItemRecord, BatchItemRecord.document_id == DocumentRecord.id)
        query = query.where(BatchItemRecord.batch_id == batch)
    else:
        query = query.where(DocumentRecord.signed_at.is_not(None))
    if dossier is not None:
        query = query.where(DocumentRecord.dossier_code == dossier)
    with store.reading() as session:
        relative = session.scalars(query.order_by(DocumentRecord.id)).all()
    return [layout.absolute(path) for path in relative if path is not None]
