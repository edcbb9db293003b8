"""Which output files carry Sohoa's signatures: of a dossier, a batch, or all of them."""

from __future__ import annotations

from pathlib import Path

from signing_batches.errors import BatchNotFoundError
from store.archive import Layout
from store.batches import batch_output_paths, signed_output_paths
from store.database import Store
from store.schema import BatchRecord


def signed_outputs(
    store: Store, layout: Layout, *, dossier: str | None = None, batch: int | None = None
) -> list[Path]:
    with store.reading() as session:
        if batch is None:
            relative = signed_output_paths(session, dossier=dossier)
        elif session.get(BatchRecord, batch) is None:
            raise BatchNotFoundError(
                f"There is no batch {batch}.", code="batch.not_found", params={"batch": batch}
            )
        else:
            relative = batch_output_paths(session, batch, dossier=dossier)
    return [layout.absolute(path) for path in relative]
