"""A dossier of the register by its code, with its procedure and the code of its unit."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from store.schema import DossierRecord, ProcedureRecord, UnitRecord

Registered = tuple[DossierRecord, ProcedureRecord | None, str | None]


def registered_dossier(session: Session, code: str) -> Registered | None:
    """The dossier registered under `code` (already normalized), or None."""
    row = session.execute(
        select(DossierRecord, ProcedureRecord, UnitRecord.code)
        .outerjoin(ProcedureRecord, ProcedureRecord.id == DossierRecord.procedure_id)
        .outerjoin(UnitRecord, UnitRecord.id == DossierRecord.unit_id)
        .where(DossierRecord.code == code)
    ).first()
    return None if row is None else (row[0], row[1], row[2])
