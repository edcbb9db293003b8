"""The `[receipts.daily_data]` settings: the day's summary of receipts for the tax authority.

Where the summary goes is a provider chosen by name: `outbox` (built in) writes each signed
file into a folder that a licensed provider's connector picks up; a connector installed as a
Python package may register another name under the entry-point group
`sohoa.daily_data_providers` and read its own values from `options`.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import Field

from config.section import Section


class DailyDataSettings(Section):
    provider: str = Field(
        "outbox",
        min_length=1,
        max_length=60,
        pattern=r"^[a-z][a-z0-9_-]*$",
        description="Who delivers the day's summaries: 'outbox' writes them into "
        "outbox_folder; another name is a provider registered by an installed connector.",
    )
    outbox_folder: Path | None = Field(
        None,
        description="The outbox provider's folder; relative to the data directory when "
        "relative; unset: <data_dir>/outbox/tax-authority.",
    )
    scheduled: bool = Field(
        True,
        description="`sohoa run` delivers yesterday's summaries (Vietnam days) once the day is "
        "over; false: only `sohoa receipts daily`.",
    )
    catch_up_days: int = Field(
        7,
        ge=1,
        le=62,
        description="How many days back `sohoa run` looks for a day not yet delivered (the "
        "service was stopped over a weekend, say).",
    )
    deliver_empty_days: bool = Field(
        False,
        description="Deliver a summary with no lines for a day without receipts; false: a day "
        "without receipts has no summary (the rule for empty days was not confirmed).",
    )
    form_number: str = Field(
        "01/TH-HĐĐT",
        min_length=1,
        max_length=15,
        description="`MSo` of the summary: the e-invoice summary's form number (Decision "
        "1450/QĐ-TCT, Appendix VIII); the tax authority has none for receipts.",
    )
    options: dict[str, str] = Field(
        default_factory=dict,
        description="Values for a connector's provider (its address, the file of its "
        "credentials); the outbox provider reads none.",
    )
