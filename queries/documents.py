"""A document as every list shows it: what it is, where it stands, which dossier it is tagged
to and which unit's inbox it came through."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from pathlib import PurePosixPath

from sqlalchemy import ColumnElement, Select, select
from sqlalchemy.orm import Session

from store.database import Store
from store.schema import DocumentRecord, UnitRecord
from store.states import DocumentStatus


@dataclass(frozen=True)
class DocumentView:
    id: int
    kind: str
    status: str
    unit_id: int
    unit_code: str
    dossier_code: str | None
    dossier_id: int | None
    tag_source: str | None
    result_number: int | None
    component: str | None
    parent_id: int | None
    page_count: int | None
    original_name: str
    archive_path: str
    output_path: str | None
    notes: str
    received_at: datetime
    digitized_at: datetime | None
    signed_at: datetime | None
    ltv_at: datetime | None
    unit_name: str = ""
    """The unit's display name (admins name units); "" while it has none."""

    @property
    def unit_title(self) -> str:
        """What a page calls the unit: its name, or its code while it has no name."""
        return self.unit_name or self.unit_code

    @property
    def output_name(self) -> str | None:
        return PurePosixPath(self.output_path).name if self.output_path else None

    @property
    def output_available(self) -> bool:
        """Digitized with an output file (signed in place once its batch is signed)."""
        return self.status == DocumentStatus.DIGITIZED and self.output_path is not None


def find_document(
    store: Store, document_id: int, unit_ids: Collection[int] | None = None
) -> DocumentView | None:
    """The document, or None when there is none (or it is not of `unit_ids`, when given)."""
    query = documents_query(DocumentRecord.id == document_id)
    with store.reading() as session:
        row = session.execute(query).first()
        if row is None or (unit_ids is not None and row[0].unit_id not in unit_ids):
            return None
        names = unit_names(session, {row[0].unit_id})
        return document_view(*row, names.get(row[0].unit_id, ""))


def documents_query(*conditions: ColumnElement[bool]) -> Select[DocumentRecord, str]:
    """Documents meeting `conditions`, each with its unit's code; the caller orders them."""
    return (
        select(DocumentRecord, UnitRecord.code)
        .join(UnitRecord, UnitRecord.id == DocumentRecord.unit_id)
        .where(*conditions)
    )


def read_documents(
    store: Store, query: Select[DocumentRecord, str], offset: int = 0, limit: int | None = None
) -> list[DocumentView]:
    """A page of a `documents_query`, as views."""
    with store.reading() as session:
        rows = session.execute(query.offset(offset).limit(limit)).all()
        names = unit_names(session, {row[0].unit_id for row in rows})
        return [document_view(*row, names.get(row[0].unit_id, "")) for row in rows]


def unit_names(session: Session, unit_ids: Collection[int]) -> dict[int, str]:
    """The display names of `unit_ids` (a page's few units), those that have one."""
    if not unit_ids:
        return {}
    rows = session.execute(
        select(UnitRecord.id, UnitRecord.name).where(UnitRecord.id.in_(sorted(unit_ids)))
    )
    return {unit_id: name for unit_id, name in rows if name}


def of_units(unit_ids: Collection[int] | None) -> tuple[ColumnElement[bool], ...]:
    """The condition keeping the documents of `unit_ids` (every unit when None)."""
    if unit_ids is None:
        return ()
    return (DocumentRecord.unit_id.in_(sorted(unit_ids)),)


def document_view(document: DocumentRecord, unit_code: str, unit_name: str = "") -> DocumentView:
    return DocumentView(
        id=document.id,
        kind=document.kind,
        status=document.status,
        unit_id=document.unit_id,
        unit_code=unit_code,
        dossier_code=document.dossier_code,
        dossier_id=document.dossier_id,
        tag_source=document.tag_source,
        result_number=document.result_number,
        component=document.component,
        parent_id=document.parent_id,
        page_count=document.page_count,
        original_name=document.original_name,
        archive_path=document.archive_path,
        output_path=document.output_path,
        notes=document.notes,
        received_at=document.received_at,
        digitized_at=document.digitized_at,
        signed_at=document.signed_at,
        ltv_at=document.ltv_at,
        unit_name=unit_name,
    )
