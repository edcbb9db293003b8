"""The audit trail read back: the entries of a period as stored, and the head of the chain."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from sqlalchemy import func, select

from store.database import Session
from store.schema import AuditRecord


def audit_entries_between(
    session: Session, since: datetime, until: datetime
) -> Iterable[AuditRecord]:
    """The entries made from `since` (included) to `until` (excluded), in chain order."""
    return session.scalars(
        select(AuditRecord)
        .where(AuditRecord.at >= _stored_time(since), AuditRecord.at < _stored_time(until))
        .order_by(AuditRecord.id)
    )


def _stored_time(moment: datetime) -> str:
    """As the trail writes times: ISO 8601 UTC with microseconds and a Z, so text compares."""
    return moment.astimezone(UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")


def audit_head(session: Session) -> tuple[int, int, str] | None:
    """The number of entries, the newest one's id and its hash; None for an empty trail."""
    count = session.scalar(select(func.count()).select_from(AuditRecord)) or 0
    newest = session.scalars(select(AuditRecord).order_by(AuditRecord.id.desc()).limit(1)).first()
    return None if newest is None else (count, newest.id, newest.hash)


def audit_entry_hash(session: Session, entry_id: int) -> str | None:
    return session.scalar(select(AuditRecord.hash).where(AuditRecord.id == entry_id))
