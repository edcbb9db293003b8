"""An export written to a file is an event of the record: who took what, when, which bytes."""

from __future__ import annotations

from pathlib import Path

from store import audit
from store.archive import sha256_of
from store.database import Store


def record_export(store: Store, what: str, target: Path, actor: str, **details: object) -> None:
    with store.writing() as session:
        audit.record(
            session,
            f"{what}.exported",
            f"file:{target.name}",
            actor,
            sha256=sha256_of(target),
            bytes=target.stat().st_size,
            **details,
        )
