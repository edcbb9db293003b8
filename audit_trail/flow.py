"""Export the audit trail for a period as JSON Lines; the export itself is audited.

Each line is one entry as stored (id, time, actor, action, subject, details, the previous
entry's hash and its own), so an auditor can recompute the chain outside Sohoa.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TextIO
from zoneinfo import ZoneInfo

from store import audit
from store.audit_reads import audit_entries_between
from store.database import Store
from store.schema import AuditRecord

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")


@dataclass(frozen=True)
class AuditExport:
    entries: int
    first_id: int | None
    last_id: int | None
    sha256: str
    """Of the exported lines, as written (UTF-8)."""


def export_audit(store: Store, start: date, end: date, out: TextIO, actor: str) -> AuditExport:
    """Write the entries made from `start` to `end` (Vietnam days, inclusive) to `out`."""
    digest = hashlib.sha256()
    ids: list[int] = []
    since, until = _vietnam_days(start, end)
    with store.reading() as session:
        for record in audit_entries_between(session, since, until):
            line = json.dumps(_entry(record), ensure_ascii=False, sort_keys=True) + "\n"
            out.write(line)
            digest.update(line.encode("utf-8"))
            ids.append(record.id)
    exported = AuditExport(len(ids), min(ids, default=None), max(ids, default=None),
                           digest.hexdigest())  # fmt: skip
    with store.writing() as session:
        audit.record(
            session,
            "audit.exported",
            f"audit:{start.isoformat()}..{end.isoformat()}",
            actor,
            entries=exported.entries,
            first_id=exported.first_id,
            last_id=exported.last_id,
            sha256=exported.sha256,
        )
    return exported


def _vietnam_days(start: date, end: date) -> tuple[datetime, datetime]:
    """From the first moment of `start` to the first moment after `end`, in Vietnam."""
    since = datetime.combine(start, time(), VIETNAM)
    until = datetime.combine(end + timedelta(days=1), time(), VIETNAM)
    return since, until


def _entry(record: AuditRecord) -> dict[str, object]:
    return {
        "id": record.id,
        "at": record.at,
        "actor": record.actor,
        "action": record.action,
        "subject": record.subject,
        "details": json.loads(record.details),
        "prev_hash": record.prev_hash,
        "hash": record.hash,
    }
