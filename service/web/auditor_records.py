"""What the auditor reads of the record: dossiers found by code or text, a dossier with its
documents and receipts. Every list is one indexed query a page at a time."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from datetime import datetime
from pathlib import PurePosixPath

from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.orm import InstrumentedAttribute

from dossiers import InvalidDossierCodeError, parse_dossier_code
from receipts.model import format_reference
from reports.rates_grouping import CHANNELS
from service.web.dossier_lookup import registered_dossier
from store.database import Store
from store.schema import (
    DocumentRecord,
    DossierRecord,
    ProcedureRecord,
    ReceiptRecord,
    ReceiptSeriesRecord,
    UnitRecord,
)
from store.search import SearchHit, search_pages


@dataclass(frozen=True)
class DossierRow:
    code: str
    unit: str | None
    procedure: str | None
    received_at: datetime
    resolved_at: datetime | None


@dataclass(frozen=True)
class DossierView:
    id: int
    code: str
    procedure_code: str | None
    procedure_name: str
    field: str
    unit: str | None
    channel: str
    received_at: datetime
    due_at: datetime | None
    resolved_at: datetime | None
    result_required: bool


@dataclass(frozen=True)
class DocumentRow:
    id: int
    kind: str
    status: str
    tag_source: str | None
    component: str | None
    pages: int | None
    original_name: str
    output_name: str | None
    received_at: datetime
    digitized_at: datetime | None
    signed_at: datetime | None
    ltv_at: datetime | None


@dataclass(frozen=True)
class ReceiptRow:
    id: int
    reference: str
    form_symbol: str
    series_symbol: str
    number: int
    state: str
    issued_at: datetime
    total: int
    has_pdf: bool


@dataclass(frozen=True)
class DocumentFile:
    id: int
    output_path: str | None
    dossier_code: str | None


def normalized_code(text: str) -> str:
    """A typed code as the register keeps it: capitals, no spaces; a full code without its
    result suffix (-KQ1)."""
    code = "".join(text.split()).upper()
    try:
        return str(parse_dossier_code(code).dossier)
    except InvalidDossierCodeError:
        return code


def dossiers_by_code(store: Store, prefix: str, offset: int, limit: int) -> list[DossierRow]:
    """Dossiers whose code starts with `prefix`, in code order (the unique index on code)."""
    query = (
        select(
            DossierRecord.code,
            UnitRecord.code,
            ProcedureRecord.code,
            DossierRecord.received_at,
            DossierRecord.resolved_at,
        )
        .outerjoin(UnitRecord, UnitRecord.id == DossierRecord.unit_id)
        .outerjoin(ProcedureRecord, ProcedureRecord.id == DossierRecord.procedure_id)
        .where(starts_with(DossierRecord.code, prefix, sqlite=store.is_sqlite))
        .order_by(DossierRecord.code)
        .offset(offset)
        .limit(limit)
    )
    with store.reading() as session:
        return [DossierRow(*row) for row in session.execute(query)]


def starts_with(
    column: InstrumentedAttribute[str], prefix: str, *, sqlite: bool
) -> ColumnElement[bool]:
    """On SQLite a range the column's index answers (its text compares by code point); on
    PostgreSQL, whose collation may not, LIKE with the prefix escaped."""
    if not prefix:
        return column.is_not(None)
    if sqlite and ord(prefix[-1]) < sys.maxunicode:
        following = prefix[:-1] + chr(ord(prefix[-1]) + 1)
        return (column >= prefix) & (column < following)
    return column.startswith(prefix, autoescape=True)


def text_hits(store: Store, text: str, offset: int, limit: int) -> list[SearchHit]:
    """Pages whose OCR text holds the words (diacritics and case aside), in document order."""
    with store.reading() as session:
        return search_pages(session, text, limit=offset + limit)[offset:]


def find_dossier(store: Store, code: str) -> DossierView | None:
    with store.reading() as session:
        row = registered_dossier(session, code)
    if row is None:
        return None
    dossier, procedure, unit = row
    return DossierView(
        id=dossier.id,
        code=dossier.code,
        procedure_code=procedure.code if procedure else None,
        procedure_name=procedure.name if procedure else "",
        field=procedure.field if procedure else "",
        unit=unit,
        channel=CHANNELS.get(dossier.channel, dossier.channel),
        received_at=dossier.received_at,
        due_at=dossier.due_at,
        resolved_at=dossier.resolved_at,
        result_required=dossier.result_required,
    )


def dossier_documents(
    store: Store, dossier: DossierView | None, code: str, offset: int, limit: int
) -> list[DocumentRow]:
    """The documents tagged with the code, or linked to the registered dossier."""
    query = (
        select(DocumentRecord)
        .where(_of_dossier(DocumentRecord.dossier_code, DocumentRecord.dossier_id, dossier, code))
        .order_by(DocumentRecord.id)
        .offset(offset)
        .limit(limit)
    )
    with store.reading() as session:
        return [_document_row(document) for document in session.scalars(query)]


def dossier_receipts(
    store: Store, dossier: DossierView | None, code: str, limit: int
) -> list[ReceiptRow]:
    query = (
        select(ReceiptRecord, ReceiptSeriesRecord.form_symbol, ReceiptSeriesRecord.series_symbol)
        .join(ReceiptSeriesRecord, ReceiptSeriesRecord.id == ReceiptRecord.series_id)
        .where(_of_dossier(ReceiptRecord.dossier_code, ReceiptRecord.dossier_id, dossier, code))
        .order_by(ReceiptRecord.id)
        .limit(limit)
    )
    with store.reading() as session:
        return [
            ReceiptRow(
                id=receipt.id,
                reference=format_reference(series, receipt.number),
                form_symbol=form,
                series_symbol=series,
                number=receipt.number,
                state=receipt.state,
                issued_at=receipt.issued_at,
                total=receipt.total,
                has_pdf=receipt.pdf_path is not None,
            )
            for receipt, form, series in session.execute(query)
        ]


def document_file(store: Store, document_id: int) -> DocumentFile | None:
    """A document's output and the code of its dossier (from the tag, else the register)."""
    with store.reading() as session:
        row = session.execute(
            select(DocumentRecord.output_path, DocumentRecord.dossier_code, DossierRecord.code)
            .outerjoin(DossierRecord, DossierRecord.id == DocumentRecord.dossier_id)
            .where(DocumentRecord.id == document_id)
        ).first()
    if row is None:
        return None
    output, tagged, registered = row
    return DocumentFile(document_id, output, tagged or registered)


def receipt_pdf(store: Store, receipt_id: int) -> str | None:
    with store.reading() as session:
        return session.scalar(select(ReceiptRecord.pdf_path).where(ReceiptRecord.id == receipt_id))


def _of_dossier(
    code_column: InstrumentedAttribute[str | None],
    id_column: InstrumentedAttribute[int | None],
    dossier: DossierView | None,
    code: str,
) -> ColumnElement[bool]:
    if dossier is None:
        return code_column == code
    return or_(code_column == code, id_column == dossier.id)


def _document_row(document: DocumentRecord) -> DocumentRow:
    output = document.output_path
    return DocumentRow(
        id=document.id,
        kind=document.kind,
        status=document.status,
        tag_source=document.tag_source,
        component=document.component,
        pages=document.page_count,
        original_name=document.original_name,
        output_name=PurePosixPath(output).name if output else None,
        received_at=document.received_at,
        digitized_at=document.digitized_at,
        signed_at=document.signed_at,
        ltv_at=document.ltv_at,
    )
