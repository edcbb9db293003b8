"""What the drill-down of the rates dashboard is asked for: the dossiers a cell leaves out
for their intake, their result, or either (`queries.missing` reads them)."""

from __future__ import annotations

from enum import StrEnum

from reports.rates_model import Missing


class Lacking(StrEnum):
    ANY = "any"
    INTAKE = "intake"
    RESULT = "result"

    @property
    def missing(self) -> Missing | None:
        """What the dossiers lack, None for either."""
        return {Lacking.INTAKE: Missing.INTAKE, Lacking.RESULT: Missing.RESULT}.get(self)
