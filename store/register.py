"""The dossier register in the record: dossiers, their procedures and the components a
procedure requires."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import delete, select, update

from store.database import Session
from store.schema import (
    DocumentRecord,
    DossierRecord,
    ProcedureComponentRecord,
    ProcedureRecord,
    UnitRecord,
)

# Codes are looked up this many at a time, well under every database's limit of parameters.
_CHUNK = 500


def find_dossier(session: Session, code: str) -> DossierRecord | None:
    return session.scalars(select(DossierRecord).where(DossierRecord.code == code)).first()


def find_procedure(session: Session, code: str) -> ProcedureRecord | None:
    return session.scalars(select(ProcedureRecord).where(ProcedureRecord.code == code)).first()


def remove_procedure_components(session: Session, procedure_id: int) -> None:
    session.execute(
        delete(ProcedureComponentRecord).where(
            ProcedureComponentRecord.procedure_id == procedure_id
        )
    )


def link_documents_to_dossiers(session: Session) -> int:
    """Link the documents tagged with a registered code but no dossier yet; how many.

    Pending rows are flushed first, so that dossiers added in this transaction count.
    """
    session.flush()
    linked = session.execute(
        update(DocumentRecord)
        .where(
            DocumentRecord.dossier_id.is_(None),
            DocumentRecord.dossier_code.in_(select(DossierRecord.code)),
        )
        .values(
            dossier_id=select(DossierRecord.id)
            .where(DossierRecord.code == DocumentRecord.dossier_code)
            .scalar_subquery()
        )
        .execution_options(synchronize_session=False)
    )
    return int(getattr(linked, "rowcount", 0) or 0)


def dossiers_registered_outside(
    session: Session, codes: Sequence[str], unit_codes: frozenset[str]
) -> list[str]:
    """Those of `codes` that name a dossier registered under a unit not in `unit_codes`."""
    found: list[str] = []
    for start in range(0, len(codes), _CHUNK):
        chunk = codes[start : start + _CHUNK]
        found += session.scalars(
            select(DossierRecord.code)
            .join(UnitRecord, UnitRecord.id == DossierRecord.unit_id)
            .where(DossierRecord.code.in_(chunk), UnitRecord.code.not_in(unit_codes))
        ).all()
    return found
