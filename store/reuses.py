"""The statements of document reuse (tái sử dụng): a digitized document linked to another
dossier, without a copy (`DocumentReuseRecord`)."""

from __future__ import annotations

from sqlalchemy import select, update

from store.database import Session
from store.schema import DocumentReuseRecord, DossierRecord


def find_reuse(session: Session, document_id: int, dossier_code: str) -> DocumentReuseRecord | None:
    return session.scalars(
        select(DocumentReuseRecord).where(
            DocumentReuseRecord.document_id == document_id,
            DocumentReuseRecord.dossier_code == dossier_code,
        )
    ).first()


def link_reuses_to_dossiers(session: Session) -> int:
    """Link the reuses naming a registered code but no dossier yet (the receiving unit too,
    when none was recorded); how many. Pending rows are flushed first."""
    session.flush()
    registered = select(DossierRecord.code)
    of_code = DossierRecord.code == DocumentReuseRecord.dossier_code
    linked = session.execute(
        update(DocumentReuseRecord)
        .where(
            DocumentReuseRecord.dossier_id.is_(None),
            DocumentReuseRecord.dossier_code.in_(registered),
        )
        .values(
            dossier_id=select(DossierRecord.id).where(of_code).scalar_subquery(),
        )
        .execution_options(synchronize_session=False)
    )
    session.execute(
        update(DocumentReuseRecord)
        .where(DocumentReuseRecord.unit_id.is_(None), DocumentReuseRecord.dossier_id.is_not(None))
        .values(
            unit_id=select(DossierRecord.unit_id)
            .where(DossierRecord.id == DocumentReuseRecord.dossier_id)
            .scalar_subquery()
        )
        .execution_options(synchronize_session=False)
    )
    return int(getattr(linked, "rowcount", 0) or 0)
