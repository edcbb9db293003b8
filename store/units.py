"""Units (the offices whose folders sit in the inbox) appear in the record on first sight,
or when an admin adds one by its code."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from store import audit
from store.schema import UnitRecord


def unit_id(session: Session, code: str) -> int:
    unit = find_unit(session, code)
    if unit is None:
        unit = UnitRecord(code=code, name="")
        session.add(unit)
        session.flush()
        audit.record(session, "unit.created", f"unit:{unit.id}", code=code)
    return unit.id


def find_unit(session: Session, code: str) -> UnitRecord | None:
    return session.scalars(select(UnitRecord).where(UnitRecord.code == code)).first()


def add_unit_named(session: Session, code: str, name: str, actor: str) -> int:
    """A new unit with its name, audited as created by `actor`."""
    unit = UnitRecord(code=code, name=name)
    session.add(unit)
    session.flush()
    audit.record(session, "unit.created", f"unit:{unit.id}", actor, code=code, name=name)
    return unit.id
