"""The `[doctor]` settings: when `sohoa doctor` warns and when it calls something a problem."""

from __future__ import annotations

from typing import Self

from pydantic import Field, model_validator

from config.section import Section


class DoctorSettings(Section):
    disk_warning_gb: float = Field(
        10, ge=0, description="Warn when the data directory's disk has less free space (GiB)."
    )
    disk_problem_gb: float = Field(
        2, ge=0, description="A problem when it has less than this (GiB): intake soon stops."
    )
    certificate_warning_days: int = Field(
        30, ge=0, description="Warn when a signing certificate expires within this many days."
    )

    @model_validator(mode="after")
    def _problem_below_warning(self) -> Self:
        if self.disk_problem_gb > self.disk_warning_gb:
            raise ValueError("'disk_problem_gb' must not exceed 'disk_warning_gb'")
        return self
