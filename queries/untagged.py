"""Documents that wait for a clerk: digitized, but no dossier code was found for them.
`sohoa documents untagged`, the clerk's "untagged" page and today's intake count them alike."""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import ColumnElement, func

from queries.documents import DocumentView, documents_query, of_units, read_documents
from store.database import Store
from store.schema import DocumentRecord
from store.states import DocumentStatus


def untagged_documents(
    store: Store,
    unit_ids: Collection[int] | None = None,
    offset: int = 0,
    limit: int | None = None,
) -> list[DocumentView]:
    """The untagged documents of `unit_ids` (every unit when None), newest first."""
    query = documents_query(*untagged(), *of_units(unit_ids)).order_by(DocumentRecord.id.desc())
    return read_documents(store, query, offset, limit)


def untagged() -> tuple[ColumnElement[bool], ...]:
    """The conditions of an untagged document.

    Read through the small "no code" part of the dossier_code index, not the status index
    (every digitized document): coalesce keeps the planner off the latter.
    """
    return (
        func.coalesce(DocumentRecord.status, "") == DocumentStatus.DIGITIZED,
        DocumentRecord.dossier_code.is_(None),
    )
