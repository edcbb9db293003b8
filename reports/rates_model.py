"""Digitization rates as data: what the rates engine computes and every export shows.

A rate keeps its numerator and denominator; its value is a percentage with two decimals,
or None (shown "N/A") when nothing is in the denominator.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

HUNDREDTH = Decimal("0.01")


class Grouping(StrEnum):
    UNIT = "unit"
    PROCEDURE = "procedure"
    FIELD = "field"
    CHANNEL = "channel"
    MONTH = "month"
    WEEK = "week"


TIME_GROUPINGS = (Grouping.MONTH, Grouping.WEEK)


@dataclass(frozen=True)
class Rate:
    numerator: int
    """Under the digitized rule in force: one of `tagged` and `signed`."""
    denominator: int
    tagged: int | None = None
    """The numerator when a document counts once attached to its dossier, signed or not."""
    signed: int | None = None
    """The numerator when a document counts only signed, its signature verified."""

    @property
    def percent(self) -> Decimal | None:
        """numerator ÷ denominator × 100, two decimals (half up); None for an empty denominator."""
        if self.denominator == 0:
            return None
        exact = Decimal(self.numerator) * 100 / Decimal(self.denominator)
        return exact.quantize(HUNDREDTH, rounding=ROUND_HALF_UP)

    def points(self, max_points: Decimal, full_at: Decimal) -> Decimal | None:
        """The indicator score of this rate: `max_points` at or above `full_at` percent,
        else rate × max ÷ full_at (two decimals); None for an empty denominator."""
        percent = self.percent
        if percent is None:
            return None
        earned = max_points * min(Decimal(1), percent / full_at)
        return earned.quantize(HUNDREDTH, rounding=ROUND_HALF_UP)

    @property
    def shown(self) -> str:
        """As a report prints it: "95,70 %" in Vietnamese style is left to the exports;
        this is the neutral form "95.70 %" or "N/A"."""
        percent = self.percent
        return "N/A" if percent is None else f"{percent} %"


@dataclass(frozen=True)
class GroupRates:
    group: str
    """The group's label: a unit code, procedure code, field name, channel, 2026-10, 2026-W41;
    "Tổng cộng" for the whole period."""
    intake: Rate
    """Dossiers received in the period with their intake papers digitized ÷ received."""
    result: Rate
    """Dossiers resolved in the period with a digitized result ÷ resolved needing one."""
    full: Rate
    """Dossiers fully digitized ÷ dossiers in scope (see the definitions)."""
    waiting: int = 0
    """Dossiers received in the period with their intake digitized that are not fully
    digitized only because their result, which is required, is not in yet and they were
    not resolved within the period: they lower the full rate without being among the
    dossiers missing a result (those are resolved in the period)."""
    reuse: Rate = Rate(0, 0)
    """Dossiers received in the period with at least one component reused from an
    already-digitized document ÷ received, each dossier once (tái sử dụng)."""
    subgroup: str | None = None
    """With a second grouping (`RatesReport.then_by`), the label within `group`: the month
    "2026-10" of unit "H57.132", say. None otherwise."""
    group_name: str | None = None
    """The name of the unit or procedure `group` is the code of; None for other groupings
    and for a unit or procedure without a name."""
    subgroup_name: str | None = None
    """Likewise for `subgroup`."""


@dataclass(frozen=True)
class RatesReport:
    start: dt.date
    end: dt.date
    """Inclusive, Vietnam days."""
    grouping: Grouping | None
    groups: tuple[GroupRates, ...]
    """In order: months and weeks by date (every one of the period, even an empty one, when
    grouping by time alone), other labels alphabetically, the unknown "(không xác định)" last."""
    total: GroupRates
    definitions: tuple[str, ...]
    """The definitions used, in Vietnamese, one sentence each, printed with the report."""
    full_points_at: Decimal = Decimal(80)
    """The rate, in percent, at or above which a rate earns its full points."""
    max_points: Decimal = Decimal(1)
    """The points of a sub-indicator (settings; 1 gives the score as a share)."""
    generated_at: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))
    then_by: Grouping | None = None
    """A second grouping within the first (monthly by unit: grouping UNIT, then_by MONTH)."""
    trail_proof: str | None = None
    """The audit trail's length and newest checkpoint (`trail_proof`), printed in the notes."""
    signed_rule: bool = False
    """The rates count a document only signed with a verified signature (`digitized_rule`)."""


class Missing(StrEnum):
    INTAKE = "intake"  # no digitized intake papers (or not every required component)
    RESULT = "result"  # resolved, a written result required, none digitized


@dataclass(frozen=True)
class MissingDossier:
    code: str
    unit: str | None
    procedure: str | None
    received_at: dt.datetime
    resolved_at: dt.datetime | None
    missing: tuple[Missing, ...]
    detail: str = ""
    """What exactly is missing, e.g. the required components not digitized."""
    unit_name: str | None = None
    """The unit's display name (admins name units); None while it has none."""
    procedure_name: str | None = None
    """The procedure's name in the register; None when it has none."""
