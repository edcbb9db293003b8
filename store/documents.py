"""Finding documents: by content, and by the output path they hold."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from store.schema import DocumentRecord


def find_document_by_sha256(session: Session, sha256: str) -> DocumentRecord | None:
    """The document holding this content (a file received, or a part cut from a stack)."""
    return session.scalars(select(DocumentRecord).where(DocumentRecord.sha256 == sha256)).first()


def output_path_is_held(session: Session, output_path: str) -> bool:
    """Whether a document holds `output_path` (relative to the data directory)."""
    query = select(DocumentRecord.id).where(DocumentRecord.output_path == output_path)
    return session.scalars(query).first() is not None
