"""The audit trail read back: the entries of a period, as stored."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from sqlalchemy import select

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
