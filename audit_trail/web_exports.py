"""Files handed to a web user are events of the record: who took what, when, which bytes.

The web builds its exports in memory, so the bytes are hashed here rather than a file
(`audit_trail.export_record` does the same for files the command line writes).
"""

from __future__ import annotations

import hashlib

from store import audit
from store.database import Store


def record_download(
    store: Store, what: str, name: str, content: bytes, actor: str, **details: object
) -> None:
    """`<what>.exported` for the file `name` holding `content`, given to `actor`."""
    with store.writing() as session:
        audit.record(
            session,
            f"{what}.exported",
            f"file:{name}",
            actor,
            sha256=hashlib.sha256(content).hexdigest(),
            bytes=len(content),
            **details,
        )


def record_document_download(
    store: Store, document_id: int, sha256: str, actor: str, **details: object
) -> None:
    """`document.downloaded`: an output read through the web (access is logged)."""
    with store.writing() as session:
        audit.record(
            session,
            "document.downloaded",
            f"document:{document_id}",
            actor,
            sha256=sha256,
            **details,
        )
