"""The units (the inboxes work comes through), for the admin's units page."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from store.database import Store
from store.schema import UnitRecord


@dataclass(frozen=True)
class UnitRow:
    id: int
    code: str
    name: str


def unit_rows(store: Store, offset: int, limit: int) -> list[UnitRow]:
    with store.reading() as session:
        units = session.scalars(
            select(UnitRecord).order_by(UnitRecord.code).offset(offset).limit(limit)
        ).all()
        return [UnitRow(unit.id, unit.code, unit.name) for unit in units]
