"""What the integrity check finds: each problem with what it concerns, and the counts of
what was looked at."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class ProblemKind(StrEnum):
    ARCHIVE_MISSING = "archive.missing"
    ARCHIVE_CHANGED = "archive.changed"  # its SHA-256 is no longer its name
    ARCHIVE_NOT_RECORDED = "archive.not_recorded"  # the record names other content
    OUTPUT_MISSING = "output.missing"
    OUTPUT_CHANGED = "output.changed"
    SIGNATURE_INVALID = "signature.invalid"
    RECEIPT_FILE_MISSING = "receipt.file_missing"
    RECEIPT_RECORD_CHANGED = "receipt.record_changed"
    AUDIT_CHAIN = "audit.chain"
    AUDIT_CHECKPOINT = "audit.checkpoint"
    INBOX_STALE = "inbox.stale"


@dataclass(frozen=True)
class Problem:
    kind: ProblemKind
    subject: str  # "document:12", "receipt:3", "audit:chain", "inbox"
    path: str | None  # relative to the data directory
    message: str  # in English
    params: dict[str, Any] = field(default_factory=dict)  # what a face needs to say it

    def to_dict(self) -> dict[str, Any]:
        return {"kind": str(self.kind), "subject": self.subject, "path": self.path,
                "message": self.message, "params": self.params}  # fmt: skip


@dataclass
class CheckReport:
    problems: list[Problem] = field(default_factory=list)
    checked: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems

    def found(
        self, kind: ProblemKind, subject: str, path: str | None, message: str, **params: Any
    ) -> None:
        """A problem, with the values its `message` names (`params`) for the faces' words."""
        self.problems.append(Problem(kind, subject, path, message, params))

    def count(self, what: str, number: int = 1) -> None:
        self.checked[what] = self.checked.get(what, 0) + number

    def to_dict(self) -> dict[str, Any]:
        return {"ok": self.ok, "checked": dict(self.checked),
                "problems": [problem.to_dict() for problem in self.problems]}  # fmt: skip
