"""A dossier with its documents: the register's entry (procedure, unit, dates), what the rates
count of it, and the documents tagged to it. `sohoa dossiers show`, the auditor's dossier
page and the API's `GET /api/dossiers/{code}` read it alike."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, or_, select

from config.rates_settings import RatesSettings
from queries.digitization import Digitization, dossier_digitization
from queries.documents import DocumentView, documents_query, read_documents
from store.database import Store
from store.schema import DocumentRecord, DossierRecord, ProcedureRecord, UnitRecord


@dataclass(frozen=True)
class DossierView:
    id: int
    code: str
    unit_id: int | None
    unit: str | None
    """The code of the receiving unit."""
    unit_name: str | None
    procedure_code: str | None
    procedure_name: str
    field: str
    channel: str
    received_at: datetime
    due_at: datetime | None
    resolved_at: datetime | None
    result_required: bool
    digitization: Digitization


def find_dossier(store: Store, settings: RatesSettings, code: str) -> DossierView | None:
    """The dossier registered under `code` (already normalized), or None."""
    with store.reading() as session:
        row = session.execute(
            select(DossierRecord, ProcedureRecord, UnitRecord.code, UnitRecord.name)
            .outerjoin(ProcedureRecord, ProcedureRecord.id == DossierRecord.procedure_id)
            .outerjoin(UnitRecord, UnitRecord.id == DossierRecord.unit_id)
            .where(DossierRecord.code == code)
        ).first()
        if row is None:
            return None
        dossier, procedure, unit, unit_name = row
        digitization = dossier_digitization(session, settings, dossier.id)
    return DossierView(
        id=dossier.id,
        code=dossier.code,
        unit_id=dossier.unit_id,
        unit=unit,
        unit_name=unit_name or None,
        procedure_code=procedure.code if procedure else None,
        procedure_name=procedure.name if procedure else "",
        field=procedure.field if procedure else "",
        channel=dossier.channel,
        received_at=dossier.received_at,
        due_at=dossier.due_at,
        resolved_at=dossier.resolved_at,
        result_required=dossier.result_required,
        digitization=digitization,
    )


def dossier_documents(
    store: Store,
    code: str,
    dossier_id: int | None,
    offset: int = 0,
    limit: int | None = None,
) -> list[DocumentView]:
    """The documents tagged with the code, or linked to the registered dossier, in order."""
    of_dossier: ColumnElement[bool] = DocumentRecord.dossier_code == code
    if dossier_id is not None:
        of_dossier = or_(of_dossier, DocumentRecord.dossier_id == dossier_id)
    query = documents_query(of_dossier).order_by(DocumentRecord.id)
    return read_documents(store, query, offset, limit)
