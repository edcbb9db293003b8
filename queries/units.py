"""The units (the inboxes work comes through), for the admin's units page."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import select

from store.database import Store
from store.schema import UnitRecord


@dataclass(frozen=True)
class UnitRow:
    id: int
    code: str
    name: str

    @property
    def title(self) -> str:
        """Its name, or its code while it has none."""
        return self.name or self.code


def unit_rows(store: Store, offset: int, limit: int) -> list[UnitRow]:
    with store.reading() as session:
        units = session.scalars(
            select(UnitRecord).order_by(UnitRecord.code).offset(offset).limit(limit)
        ).all()
        return [UnitRow(unit.id, unit.code, unit.name) for unit in units]


def named_units(store: Store, unit_ids: Collection[int] | None) -> list[UnitRow]:
    """The units of `unit_ids` (every unit when None) with their names, by code."""
    query = select(UnitRecord).order_by(UnitRecord.code)
    if unit_ids is not None:
        query = query.where(UnitRecord.id.in_(sorted(unit_ids)))
    with store.reading() as session:
        return [UnitRow(unit.id, unit.code, unit.name) for unit in session.scalars(query)]
