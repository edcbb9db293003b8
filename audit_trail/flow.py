"""Export the audit trail for a period as JSON Lines; the export itself is audited.

Each line is one entry as stored (id, time, actor, action, subject, details, the previous
entry's hash and its own), so an auditor can recompute the chain outside Sohoa.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import TextIO
from zoneinfo import ZoneInfo

from sqlalchemy import Select, select

from store import audit
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
    with store.reading() as session:
        for record in session.scalars(_query(start, end)):
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


def _query(start: date, end: date) -> Select[AuditRecord]:
    since = _stored_time(datetime.combine(start, time(), VIETNAM))
    until = _stored_time(datetime.combine(end + timedelta(days=1), time(), VIETNAM))
    return (
        select(AuditRecord)
        .where(AuditRecord.at >= since, AuditRecord.at < until)
        .order_by(AuditRecord.id)
    )


def _stored_time(moment: datetime) -> str:
    """As the trail writes times: ISO 8601 UTC with microseconds and a Z, so text compares."""
    return moment.astimezone(UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")


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
