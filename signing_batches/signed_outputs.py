"""Which output files carry Sohoa's signatures: of a dossier, a batch, or all of them; and
what their verification found, kept for the rates (`store.signature_verdicts`)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from signing_batches.errors import BatchNotFoundError
from store.archive import Layout, sha256_of
from store.batches import batch_output_paths, signed_output_paths
from store.database import Store
from store.schema import BatchRecord
from store.signature_verdicts import SignatureVerdict, record_signature_verdicts


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


def keep_verdicts(store: Store, layout: Layout, verified: Iterable[tuple[Path, bool]]) -> None:
    """Record, per output of the record that was verified against the configured trust
    roots, whether all its signatures held, with the hash of the bytes verified."""
    verdicts = [
        SignatureVerdict(layout.relative(path), sha256_of(path), valid)
        for path, valid in verified
        if path.is_file()
    ]
    with store.writing() as session:
        record_signature_verdicts(session, verdicts)
