"""The units a user may pick in a filter: those they see, by code, with their names."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import select

from store.database import Store
from store.schema import UnitRecord


@dataclass(frozen=True)
class UnitChoice:
    id: int
    code: str
    name: str


def unit_choices(store: Store, unit_ids: Collection[int] | None) -> list[UnitChoice]:
    """The units of `unit_ids` (None: every unit)."""
    query = select(UnitRecord.id, UnitRecord.code, UnitRecord.name).order_by(UnitRecord.code)
    if unit_ids is not None:
        query = query.where(UnitRecord.id.in_(sorted(unit_ids)))
    with store.reading() as session:
        return [UnitChoice(*row) for row in session.execute(query)]
