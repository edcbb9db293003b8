"""The audit trail: append-only entries, each sealed with the hash of the one before.

hash = SHA-256(prev_hash + "\n" + canonical JSON of the entry's own fields), so altering,
removing or reordering any entry breaks the chain from that entry on. Entries are appended
one writer at a time: SQLite's IMMEDIATE transactions serialize writers already, and on
PostgreSQL a transaction-scoped advisory lock does.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from store.schema import AuditRecord

GENESIS = "0" * 64
SYSTEM = "system"
_APPEND_LOCK = 0x50_48_4F_41  # any constant shared by every writer


def record(
    session: Session, action: str, subject: str, actor: str = SYSTEM, **details: Any
) -> AuditRecord:
    """Append an entry in the caller's transaction."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _APPEND_LOCK})
    last = session.scalars(select(AuditRecord).order_by(AuditRecord.id.desc()).limit(1)).first()
    entry = AuditRecord(
        id=(last.id + 1) if last else 1,
        at=datetime.now(UTC).isoformat(timespec="microseconds").replace("+00:00", "Z"),
        actor=actor,
        action=action,
        subject=subject,
        details=canonical_json(details),
        prev_hash=last.hash if last else GENESIS,
    )
    entry.hash = seal(entry)
    session.add(entry)
    session.flush()
    return entry


def canonical_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)


def seal(entry: AuditRecord) -> str:
    fields = {
        "id": entry.id,
        "at": entry.at,
        "actor": entry.actor,
        "action": entry.action,
        "subject": entry.subject,
        "details": entry.details,
    }
    payload = f"{entry.prev_hash}\n{canonical_json(fields)}".encode()
    return hashlib.sha256(payload).hexdigest()


@dataclass(frozen=True)
class AuditReport:
    entries: int
    first_bad_id: int | None = None
    problem: str | None = None

    @property
    def intact(self) -> bool:
        return self.first_bad_id is None


def verify_chain(session: Session) -> AuditReport:
    """Walk the chain in id order; name the first entry that does not follow from the last."""
    expected_prev, expected_id, count = GENESIS, 1, 0
    for entry in session.scalars(
        select(AuditRecord).order_by(AuditRecord.id).execution_options(yield_per=1000)
    ):
        count += 1
        if entry.id != expected_id:
            return AuditReport(
                count, entry.id, f"entries {expected_id} to {entry.id - 1} are missing"
            )
        if entry.prev_hash != expected_prev:
            return AuditReport(
                count, entry.id, "it does not follow the entry before it (removed or reordered)"
            )
        if seal(entry) != entry.hash:
            return AuditReport(count, entry.id, "its content differs from what was sealed")
        expected_prev, expected_id = entry.hash, entry.id + 1
    return AuditReport(count)
