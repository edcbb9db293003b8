"""The audit trail a page at a time, newest first, keyed on the entry id.

A page is the `size` entries below an id (older) or above it (newer): no OFFSET, so the
last page of a long trail is as quick as the first. Filters are SQL conditions: an action
or subject prefix (their indexes), an actor, Vietnam days.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, exists, select

from service.web.auditor_records import starts_with
from store.database import Store
from store.schema import AuditRecord

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
DETAILS_SHOWN = 300


@dataclass(frozen=True)
class TrailFilter:
    action: str = ""
    subject: str = ""
    actor: str = ""
    start: date | None = None
    end: date | None = None


@dataclass(frozen=True)
class TrailEntry:
    id: int
    at: datetime
    actor: str
    action: str
    subject: str
    details: str


@dataclass(frozen=True)
class TrailPage:
    entries: tuple[TrailEntry, ...]
    newer_than: int | None
    """Link to the newer entries: those above this id; None on the newest page."""
    older_than: int | None
    """Link to the older entries: those below this id; None on the oldest page."""


def trail_page(
    store: Store, wanted: TrailFilter, size: int, before: int | None, after: int | None
) -> TrailPage:
    conditions = _conditions(store, wanted)
    query = select(AuditRecord).where(*conditions)
    if after is not None:
        query = query.where(AuditRecord.id > after).order_by(AuditRecord.id)
    else:
        if before is not None:
            query = query.where(AuditRecord.id < before)
        query = query.order_by(AuditRecord.id.desc())
    with store.reading() as session:
        records = sorted(session.scalars(query.limit(size)), key=lambda entry: -entry.id)
        entries = tuple(_entry(record) for record in records)
        if not entries:
            return TrailPage((), None, None)
        newest, oldest = entries[0].id, entries[-1].id
        newer = session.scalar(select(exists().where(*conditions, AuditRecord.id > newest)))
        older = session.scalar(select(exists().where(*conditions, AuditRecord.id < oldest)))
    return TrailPage(entries, newest if newer else None, oldest if older else None)


def stored_time(day: date) -> str:
    """The start of a Vietnam day as the trail writes times (UTC text, compared as text)."""
    moment = datetime.combine(day, time(), VIETNAM).astimezone(UTC)
    return moment.isoformat(timespec="microseconds").replace("+00:00", "Z")


def _conditions(store: Store, wanted: TrailFilter) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if wanted.action:
        conditions.append(starts_with(AuditRecord.action, wanted.action, sqlite=store.is_sqlite))
    if wanted.subject:
        conditions.append(starts_with(AuditRecord.subject, wanted.subject, sqlite=store.is_sqlite))
    if wanted.actor:
        conditions.append(AuditRecord.actor == wanted.actor)
    if wanted.start is not None:
        conditions.append(AuditRecord.at >= stored_time(wanted.start))
    if wanted.end is not None:
        conditions.append(AuditRecord.at < stored_time(wanted.end + timedelta(days=1)))
    return conditions


def _entry(record: AuditRecord) -> TrailEntry:
    details = record.details
    if details == "{}":
        details = ""
    elif len(details) > DETAILS_SHOWN:
        details = details[:DETAILS_SHOWN] + "…"
    return TrailEntry(
        id=record.id,
        at=datetime.fromisoformat(record.at.replace("Z", "+00:00")),
        actor=record.actor,
        action=record.action,
        subject=record.subject,
        details=details,
    )
