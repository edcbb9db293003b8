"""Units (the offices whose folders sit in the inbox) appear in the record on first sight."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from store import audit
from store.schema import UnitRecord


def unit_id(session: Session, code: str) -> int:
    unit = session.scalars(select(UnitRecord).where(UnitRecord.code == code)).first()
    if unit is None:
        unit = UnitRecord(code=code, name="")
        session.add(unit)
        session.flush()
        audit.record(session, "unit.created", f"unit:{unit.id}", code=code)
    return unit.id
