"""Finding dossiers: by the start of their code (the register) or by words in their pages
(the OCR text). The auditor's search page and `sohoa search` read these."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from queries.prefix import starts_with
from store.database import Store
from store.schema import DossierRecord, ProcedureRecord, UnitRecord
from store.search import SearchHit, search_pages

__all__ = ["DossierRow", "SearchHit", "dossiers_by_code", "pages_with_text"]


@dataclass(frozen=True)
class DossierRow:
    code: str
    unit: str | None
    procedure: str | None
    received_at: datetime
    resolved_at: datetime | None
    unit_name: str | None = None
    """The unit's display name; None while it has none."""
    procedure_name: str | None = None
    """The procedure's name in the register; None when it has none."""


def dossiers_by_code(store: Store, prefix: str, offset: int, limit: int) -> list[DossierRow]:
    """Dossiers whose code starts with `prefix`, in code order (the unique index on code)."""
    query = (
        select(
            DossierRecord.code,
            UnitRecord.code,
            ProcedureRecord.code,
            DossierRecord.received_at,
            DossierRecord.resolved_at,
            UnitRecord.name,
            ProcedureRecord.name,
        )
        .outerjoin(UnitRecord, UnitRecord.id == DossierRecord.unit_id)
        .outerjoin(ProcedureRecord, ProcedureRecord.id == DossierRecord.procedure_id)
        .where(starts_with(DossierRecord.code, prefix, sqlite=store.is_sqlite))
        .order_by(DossierRecord.code)
        .offset(offset)
        .limit(limit)
    )
    with store.reading() as session:
        return [
            DossierRow(code, unit, procedure, received, resolved, unit_name or None, name or None)
            for code, unit, procedure, received, resolved, unit_name, name in session.execute(query)
        ]


def pages_with_text(
    store: Store, text: str, offset: int, limit: int, dossier_code: str | None = None
) -> list[SearchHit]:
    """Pages whose OCR text holds the words (diacritics and case aside), in document order;
    of one dossier's documents when `dossier_code` is given."""
    with store.reading() as session:
        hits = search_pages(session, text, dossier_code=dossier_code, limit=offset + limit)
    return hits[offset:]
