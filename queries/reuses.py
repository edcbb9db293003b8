"""Documents reused for other dossiers (tái sử dụng): the links of one document, or of one
dossier code, with what a person needs to read them. The document page, the dossier page,
`sohoa documents reuses` and the API read them alike."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, select

from store.database import Store
from store.schema import DocumentRecord, DocumentReuseRecord, UnitRecord


@dataclass(frozen=True)
class ReuseView:
    id: int
    document_id: int
    document_name: str
    document_kind: str
    document_status: str
    from_dossier: str | None
    """The dossier the document was digitized for (its own tag)."""
    dossier_code: str
    """The dossier it is reused for."""
    registered: bool
    unit_code: str | None
    """The receiving unit; None while a dossier not yet registered names none."""
    unit_name: str | None
    reused_by: str
    reused_at: datetime
    note: str


def reuses_of_document(store: Store, document_id: int) -> list[ReuseView]:
    """The dossiers the document is reused for, oldest link first."""
    return _read(store, DocumentReuseRecord.document_id == document_id)


def reuses_for_dossier(
    store: Store, code: str, unit_ids: Collection[int] | None = None
) -> list[ReuseView]:
    """The documents reused for the dossier `code` (already normalized), oldest link first;
    with `unit_ids`, only documents of those units."""
    where = DocumentReuseRecord.dossier_code == code
    if unit_ids is not None:
        return _read(store, where, DocumentRecord.unit_id.in_(list(unit_ids)))
    return _read(store, where)


def _read(store: Store, *where: ColumnElement[bool]) -> list[ReuseView]:
    query = (
        select(DocumentReuseRecord, DocumentRecord, UnitRecord.code, UnitRecord.name)
        .join(DocumentRecord, DocumentRecord.id == DocumentReuseRecord.document_id)
        .outerjoin(UnitRecord, UnitRecord.id == DocumentReuseRecord.unit_id)
        .where(*where)
        .order_by(DocumentReuseRecord.id)
    )
    with store.reading() as session:
        rows = session.execute(query).all()
    return [
        ReuseView(
            id=link.id,
            document_id=document.id,
            document_name=document.original_name,
            document_kind=document.kind,
            document_status=document.status,
            from_dossier=document.dossier_code,
            dossier_code=link.dossier_code,
            registered=link.dossier_id is not None,
            unit_code=unit_code,
            unit_name=unit_name or None,
            reused_by=link.reused_by,
            reused_at=link.reused_at,
            note=link.note,
        )
        for link, document, unit_code, unit_name in rows
    ]
