"""The audit trail as an auditor reads it: a page of entries, newest first; the chain walked
for breaks; a recorded check (of the chain or of a document's signatures) found again by its
entry id. `sohoa audit verify` and the auditor's pages read these.

A page is the `size` entries below an id (older) or above it (newer), keyed on the entry id:
no OFFSET, so the last page of a long trail is as quick as the first. Filters are SQL
conditions: an action or subject prefix (their indexes), an actor, Vietnam days.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, exists, select

from queries.people import full_names
from queries.prefix import starts_with
from reports.rates_periods import vietnam_midnight
from store import audit
from store.audit import AuditReport
from store.database import Store
from store.schema import AuditRecord

CHAIN_VERIFIED = "audit.verified"
SIGNATURES_VERIFIED = "document.signatures_verified"
DETAILS_SHOWN = 300


@dataclass(frozen=True)
class CheckEntry:
    id: int
    at: str
    actor: str
    action: str
    subject: str
    details: dict[str, Any]
    actor_name: str = ""
    """The actor's full name where the actor is a user who has one, else the actor."""


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
    """The details as stored (JSON), cut at DETAILS_SHOWN characters; "" when none."""
    values: dict[str, Any]
    """The details read: key → value."""
    actor_name: str
    """The actor's full name where the actor is a user who has one, else the actor."""


@dataclass(frozen=True)
class TrailPage:
    entries: tuple[TrailEntry, ...]
    newer_than: int | None
    """Link to the newer entries: those above this id; None on the newest page."""
    older_than: int | None
    """Link to the older entries: those below this id; None on the oldest page."""


def verify_audit_chain(store: Store) -> AuditReport:
    """Walk the chain; the report names the first entry altered, removed or reordered."""
    with store.reading() as session:
        return audit.verify_chain(session)


def find_check(store: Store, entry_id: int, action: str) -> CheckEntry | None:
    """The entry `entry_id` if it records a check of kind `action`."""
    with store.reading() as session:
        entry = session.get(AuditRecord, entry_id)
        if entry is None or entry.action != action:
            return None
        found = CheckEntry(
            entry.id, entry.at, entry.actor, entry.action, entry.subject, json.loads(entry.details)
        )
    return replace(found, actor_name=full_names(store, [found.actor])[found.actor])


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
        entries = [_entry(record) for record in records]
        if not entries:
            return TrailPage((), None, None)
        newest, oldest = entries[0].id, entries[-1].id
        newer = session.scalar(select(exists().where(*conditions, AuditRecord.id > newest)))
        older = session.scalar(select(exists().where(*conditions, AuditRecord.id < oldest)))
    names = full_names(store, {entry.actor for entry in entries})
    named = tuple(replace(entry, actor_name=names[entry.actor]) for entry in entries)
    return TrailPage(named, newest if newer else None, oldest if older else None)


def _stored_time(day: date) -> str:
    """The start of a Vietnam day as the trail writes times (UTC text, compared as text)."""
    moment = vietnam_midnight(day)
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
        conditions.append(AuditRecord.at >= _stored_time(wanted.start))
    if wanted.end is not None:
        conditions.append(AuditRecord.at < _stored_time(wanted.end + timedelta(days=1)))
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
        values=json.loads(record.details),
        actor_name=record.actor,
    )
