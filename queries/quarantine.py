"""Documents that could not be digitized, and where the trail says each one's latest copy
was set aside (the reason is written beside it), for the clerk's "to review" page."""

from __future__ import annotations

import json
from collections.abc import Collection

from sqlalchemy import select

from queries.documents import DocumentView, documents_query, of_units, read_documents
from store.database import Store
from store.schema import AuditRecord, DocumentRecord
from store.states import DocumentStatus

QUARANTINED = "document.quarantined"


def quarantined_documents(
    store: Store, unit_ids: Collection[int], offset: int, limit: int
) -> list[DocumentView]:
    """The quarantined documents of `unit_ids`, newest first."""
    query = documents_query(
        DocumentRecord.status == DocumentStatus.QUARANTINED, *of_units(unit_ids)
    ).order_by(DocumentRecord.id.desc())
    return read_documents(store, query, offset, limit)


def quarantined_copies(store: Store, document_ids: Collection[int]) -> dict[int, str | None]:
    """Each document's latest quarantined copy, relative to the data directory."""
    subjects = {f"document:{document_id}": document_id for document_id in document_ids}
    with store.reading() as session:
        entries = session.execute(
            select(AuditRecord.subject, AuditRecord.details)
            .where(AuditRecord.subject.in_(list(subjects)), AuditRecord.action == QUARANTINED)
            .order_by(AuditRecord.id)
        ).all()
    return {subjects[subject]: json.loads(details).get("copy") for subject, details in entries}
