"""What `sohoa doctor` finds: one finding per check, ok, a warning or a problem.

A finding is written in English (`message`, `fix`) for `--lang en`, the logs and the JSON,
and carries a code and the values it names, so that each face can say it in Vietnamese
(`service/messages.py`), like the errors of the use cases.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum


class Status(StrEnum):
    OK = "ok"
    WARNING = "warning"
    PROBLEM = "problem"


@dataclass(frozen=True)
class Finding:
    check: str
    """What was checked, for good: "tesseract", "disk.free", "profile.certificate"."""
    subject: str
    """What it was checked on: a program, a folder, a profile's name; "" when only one."""
    status: Status
    code: str
    """Names the finding for good ("doctor.tesseract.language_missing")."""
    message: str
    fix: str | None = None
    """What to do; every problem has one."""
    params: Mapping[str, object] = field(default_factory=dict)
    """The values `message` and `fix` name, for a face's own words."""

    def __post_init__(self) -> None:
        if self.status is Status.PROBLEM and not self.fix:
            raise ValueError(f"the problem {self.code} says no fix")

    def to_dict(self) -> dict[str, object]:
        return {
            "check": self.check,
            "subject": self.subject,
            "status": str(self.status),
            "code": self.code,
            "message": self.message,
            "fix": self.fix,
            "params": {key: _plain(value) for key, value in self.params.items()},
        }


@dataclass(frozen=True)
class DoctorReport:
    findings: tuple[Finding, ...]

    @property
    def problems(self) -> tuple[Finding, ...]:
        return self._with(Status.PROBLEM)

    @property
    def warnings(self) -> tuple[Finding, ...]:
        return self._with(Status.WARNING)

    @property
    def ok(self) -> bool:
        """Nothing is wrong: warnings alone do not stop the service."""
        return not self.problems

    def to_dict(self) -> dict[str, object]:
        return {
            "ok": self.ok,
            "problems": len(self.problems),
            "warnings": len(self.warnings),
            "findings": [finding.to_dict() for finding in self.findings],
        }

    def _with(self, status: Status) -> tuple[Finding, ...]:
        return tuple(finding for finding in self.findings if finding.status is status)


def ok(check: str, code: str, message: str, subject: str = "", **params: object) -> Finding:
    return Finding(check, subject, Status.OK, code, message, None, params)


def warning(
    check: str, code: str, message: str, fix: str | None, subject: str = "", **params: object
) -> Finding:
    return Finding(check, subject, Status.WARNING, code, message, fix, params)


def problem(
    check: str, code: str, message: str, fix: str, subject: str = "", **params: object
) -> Finding:
    return Finding(check, subject, Status.PROBLEM, code, message, fix, params)


def _plain(value: object) -> object:
    return value if isinstance(value, str | int | float | bool) or value is None else str(value)
