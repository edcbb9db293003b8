"""A recorded signature check (`queries.audit_trail`) as the dossier page shows it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from queries.audit_trail import CheckEntry

_PROBLEMS = (
    ("does not match the bytes it covers", "Nội dung được ký đã bị thay đổi."),
    ("cryptographic signature is invalid", "Giá trị chữ ký số không hợp lệ."),
    ("was revoked", "Chứng thư số đã bị thu hồi."),
    (
        "does not validate against the trust roots",
        "Chứng thư số không dẫn tới chứng thư gốc tin cậy.",
    ),
    ("in a way that is not allowed", "Tệp bị thay đổi sau khi ký theo cách không được phép."),
    ("timestamp does not validate", "Dấu thời gian không hợp lệ."),
    ("unreadable signature", "Không đọc được chữ ký."),
)


@dataclass(frozen=True)
class SignatureView:
    field: str
    signer: str
    time: datetime | None
    timestamped: bool
    """The time comes from a trusted timestamp, not the signer's own claim."""
    tsa: str | None
    level: str
    valid: bool
    intact: bool
    trusted: bool
    modified_after_signing: bool
    changes_allowed: bool
    problem: str | None


@dataclass(frozen=True)
class StampView:
    field: str
    tsa: str
    time: datetime | None
    valid: bool
    problem: str | None


@dataclass(frozen=True)
class SignatureCheckView:
    entry_id: int
    document_id: int
    file: str
    checked_at: datetime
    actor: str
    all_valid: bool
    signatures: tuple[SignatureView, ...]
    stamps: tuple[StampView, ...]
    revocation_data: bool


def check_view(entry: CheckEntry) -> SignatureCheckView:
    details = entry.details
    return SignatureCheckView(
        entry_id=entry.id,
        document_id=int(entry.subject.removeprefix("document:")),
        file=str(details.get("file", "")),
        checked_at=_time(entry.at) or datetime.min,
        actor=entry.actor_name or entry.actor,
        all_valid=bool(details.get("all_valid")),
        signatures=tuple(_signature(item) for item in details.get("signatures", [])),
        stamps=tuple(_stamp(item) for item in details.get("document_timestamps", [])),
        revocation_data=bool(details.get("revocation_data_embedded")),
    )


def problem_in_vietnamese(problem: str | None) -> str | None:
    if problem is None:
        return None
    for english, vietnamese in _PROBLEMS:
        if english in problem:
            return vietnamese
    return problem


def _signature(item: dict[str, Any]) -> SignatureView:
    timestamp = item.get("timestamp") or {}
    stamped = _time(timestamp.get("time"))
    return SignatureView(
        field=str(item.get("field_name", "")),
        signer=str(item.get("signer_name", "")),
        time=stamped or _time(item.get("signed_at")),
        timestamped=stamped is not None,
        tsa=timestamp.get("tsa_name"),
        level=str(item.get("level", "")),
        valid=bool(item.get("bottom_line")),
        intact=bool(item.get("intact")),
        trusted=bool(item.get("trusted")),
        modified_after_signing=bool(item.get("modified_after_signing")),
        changes_allowed=bool(item.get("changes_allowed")),
        problem=problem_in_vietnamese(item.get("problem")),
    )


def _stamp(item: dict[str, Any]) -> StampView:
    return StampView(
        field=str(item.get("field_name", "")),
        tsa=str(item.get("tsa_name", "")),
        time=_time(item.get("time")),
        valid=bool(item.get("bottom_line")),
        problem=problem_in_vietnamese(item.get("problem")),
    )


def _time(value: object) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
