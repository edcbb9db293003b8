"""The units a user works for, by the names admins gave them, for choosing one in a form."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import select

from store.database import Store
from store.schema import UnitRecord


@dataclass(frozen=True)
class NamedUnit:
    code: str
    name: str  # the display name, or the code while the unit has none

    @property
    def shown(self) -> str:
        return self.name if self.name == self.code else f"{self.name} ({self.code})"


def named_units(store: Store, unit_ids: Collection[int]) -> list[NamedUnit]:
    """The units of `unit_ids`, ordered by the name shown."""
    if not unit_ids:
        return []
    with store.reading() as session:
        rows = session.execute(
            select(UnitRecord.code, UnitRecord.name).where(UnitRecord.id.in_(sorted(unit_ids)))
        ).all()
    units = [NamedUnit(code, name or code) for code, name in rows]
    return sorted(units, key=lambda unit: (unit.name.casefold(), unit.code))
