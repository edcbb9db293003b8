"""The `[rates]` settings: how the digitization rates are defined and scored.

Decision 766/QĐ-TTg leaves a few rules to the province; each is a setting here, and the
report prints the rules it used.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field

from config.section import Section


class IntakeRule(StrEnum):
    """When a dossier's intake papers count as digitized. Stored in `procedures.intake_rule`."""

    AT_LEAST_ONE = "at_least_one"  # at least one intake document digitized
    ALL_REQUIRED = "all_required"  # every component the procedure lists digitized


class RatesSettings(Section):
    online_counts_as_digitized: bool = Field(
        True,
        description="A dossier filed online counts as having its intake papers digitized "
        "(they arrived digital).",
    )
    default_intake_rule: IntakeRule = Field(
        IntakeRule.AT_LEAST_ONE,
        description="For procedures that set no rule of their own: 'at_least_one' (one "
        "digitized intake document is enough) or 'all_required' (every component the "
        "procedure lists must be digitized; a procedure listing none needs one document).",
    )
    full_points_at: float = Field(
        80, gt=0, le=100, description="A rate at or above this percentage earns full points."
    )
    max_points: float = Field(
        1, gt=0, description="The points of a sub-indicator; below the threshold, proportional."
    )
