"""The `[rates]` settings: how the digitization rates are defined and scored.

Decision 766/QĐ-TTg leaves a few rules to the province; each is a setting here, and the
report prints the rules it used. The Decision's own text was not at hand: the formulas come
from the national portal's description of the indicators ("Mô tả công thức tính chỉ số
766", group 4 "Nhóm chỉ số về số hóa hồ sơ") and from provincial trackers of the Decision;
the point weights of each sub-indicator and the act setting each year's targets were not
found, so the threshold and the points are settings.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field, field_validator

from config.section import Section


class IntakeRule(StrEnum):
    """When a dossier's intake papers count as digitized. Stored in `procedures.intake_rule`."""

    AT_LEAST_ONE = "at_least_one"  # at least one intake document digitized
    ALL_REQUIRED = "all_required"  # every component the procedure lists digitized


class DigitizedRule(StrEnum):
    """When a document counts as digitized."""

    TAGGED = "tagged"
    """Its digitized copy is attached to the dossier, signed or not: the national formula
    counts a file attached ("có file đính kèm", indicators 4.1 and 4.2)."""
    TAGGED_AND_SIGNED = "tagged_and_signed"
    """Attached, and signed with a signature that verified (Sohoa's stricter option)."""


class ResultScope(StrEnum):
    """Which resolved dossiers the result rate counts against."""

    ALL_RESOLVED = "all_resolved"
    """Every dossier resolved in the period, as the provincial trackers of Decision 766
    split "Đã giải quyết" into "Đã số hóa" and "Chưa số hóa"."""
    WRITTEN_RESULT = "written_result"
    """Only dossiers whose procedure returns a written result (the national formula 4.1:
    "TTHC đó yêu cầu trả kết quả bằng văn bản, giấy tờ")."""


class Decree30ReportSettings(Section):
    """What heads and closes the rates report in Word (Decree 30/2020/NĐ-CP, Appendix I);
    the web form and the command line can give each again for one report."""

    agency: str = Field(
        "",
        description="The reporting agency as headed, its managing agency first on a line of "
        'its own if any (\\n between them); empty: "CƠ QUAN BÁO CÁO".',
    )
    agency_abbreviation: str = Field(
        "",
        description='The agency\'s abbreviation in the number line "Số: …/BC-<abbreviation>" '
        '(e.g. "TTPVHCC"); empty: the line is left for the number and symbol by hand.',
    )
    number: str = Field(
        "",
        description='The report\'s number ("05"; numbers below 10 take a leading zero); '
        "empty: left blank for the clerical office to fill in.",
    )
    place: str = Field(
        "",
        description="The place before the date (địa danh), the official name of the "
        'administrative unit where the agency sits, e.g. "Hà Nội"; empty: "……".',
    )
    signer_title: str = Field(
        "Thủ trưởng cơ quan",
        description="The signer's title above the signature, with its authority prefix when "
        'signing for someone ("KT. GIÁM ĐỐC\\nPHÓ GIÁM ĐỐC").',
    )

    def given(self, **values: str) -> Decree30ReportSettings:
        """These settings with what a person gave for one report (empty values ignored)."""
        chosen = {key: value.strip() for key, value in values.items() if value.strip()}
        return self.model_copy(update=chosen)


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
    digitized_rule: DigitizedRule = Field(
        DigitizedRule.TAGGED,
        description="When a document counts as digitized: 'tagged' (its copy attached to the "
        "dossier, as the national formula counts a file attached) or 'tagged_and_signed' "
        "(attached and signed with a signature `sohoa verify` found valid). Reports show "
        "both counts whatever the rule.",
    )
    result_scope: ResultScope = Field(
        ResultScope.ALL_RESOLVED,
        description="The result rate's denominator: 'all_resolved' (every dossier resolved "
        "in the period, as the provincial trackers count) or 'written_result' (only "
        "procedures whose result is a written document, the national formula 4.1).",
    )
    full_points_at: float = Field(
        80,
        gt=0,
        le=100,
        description="A rate at or above this percentage earns full points (for years not in "
        "full_points_by_year).",
    )
    full_points_by_year: dict[str, float] = Field(
        default_factory=dict,
        description='The full-points threshold of a year\'s plan, by year ("2026" = 80.0); '
        "the year of the period's last day chooses it.",
    )
    max_points: float = Field(
        1, gt=0, description="The points of a sub-indicator; below the threshold, proportional."
    )
    report: Decree30ReportSettings = Field(
        default_factory=Decree30ReportSettings,
        description="The Word report's heading, number line, place and signer.",
    )

    @field_validator("full_points_by_year")
    @classmethod
    def _years_and_percentages(cls, value: dict[str, float]) -> dict[str, float]:
        for year, threshold in value.items():
            if not (year.isdigit() and len(year) == 4):
                raise ValueError(f'{year!r} is not a year: write it as "2026"')
            if not 0 < threshold <= 100:
                raise ValueError(f"{year}: {threshold} is not a percentage above 0, at most 100")
        return value

    def full_points_for(self, year: int) -> float:
        """The threshold of that year's plan, else `full_points_at`."""
        return self.full_points_by_year.get(str(year), self.full_points_at)
