"""A complete file in the inbox becomes an archived, recorded document with a queued job.

Order matters for "nothing is ever lost": archive (fsync) → one transaction (document,
job, audit entry) → remove the inbox file → hand the job to the queue. A crash leaves
the inbox file, the archived copy, or both; never neither. A file seen again after such a
crash is recognised by its hash and inbox path, and is not recorded twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

from runtime.context import JobContext
from runtime.events import Event
from runtime.leases import add_job
from store import audit
from store.archive import ArchivedFile, archive_original, remove_from_inbox
from store.database import Session
from store.documents import find_document_by_sha256
from store.schema import DocumentRecord
from store.states import DocumentKind, DocumentStatus
from store.units import unit_id

DIGITIZE = "digitize"


@dataclass(frozen=True)
class IncomingFile:
    path: Path
    inbox_path: PurePosixPath  # relative to the inbox
    unit: str
    kind: DocumentKind
    folder_name: str | None  # the subfolder it was dropped in, perhaps a dossier code


@dataclass(frozen=True)
class Registered:
    document_id: int
    job_id: int


@dataclass(frozen=True)
class Duplicate:
    document_id: int  # the document that already holds this content


@dataclass(frozen=True)
class SeenBefore:
    document_id: int  # the same drop, recorded before a restart


IntakeOutcome = Registered | Duplicate | SeenBefore


def register(context: JobContext, incoming: IncomingFile) -> IntakeOutcome:
    archived = archive_original(context.layout, incoming.path)
    with context.store.writing() as session:
        outcome = _record(session, context, incoming, archived)
    remove_from_inbox(incoming.path)
    _tell(context, incoming, outcome)
    if isinstance(outcome, Registered):
        context.queue.submit(outcome.job_id)
    return outcome


def _record(
    session: Session, context: JobContext, incoming: IncomingFile, archived: ArchivedFile
) -> IntakeOutcome:
    existing = find_document_by_sha256(session, archived.sha256)
    if existing is not None:
        if existing.inbox_path == incoming.inbox_path.as_posix():
            return SeenBefore(existing.id)
        audit.record(
            session,
            "document.duplicate_received",
            f"document:{existing.id}",
            inbox_path=incoming.inbox_path.as_posix(),
            sha256=archived.sha256,
        )
        return Duplicate(existing.id)
    document = DocumentRecord(
        sha256=archived.sha256,
        kind=incoming.kind,
        status=DocumentStatus.RECEIVED,
        unit_id=unit_id(session, incoming.unit),
        original_name=incoming.path.name,
        inbox_path=incoming.inbox_path.as_posix(),
        folder_name=incoming.folder_name,
        archive_path=context.layout.relative(archived.path),
        notes="",
        received_at=datetime.now(UTC),
    )
    session.add(document)
    session.flush()
    job = add_job(session, document.id, DIGITIZE)
    audit.record(
        session,
        "document.received",
        f"document:{document.id}",
        name=document.original_name,
        inbox_path=document.inbox_path,
        unit=incoming.unit,
        kind=incoming.kind,
        sha256=archived.sha256,
        bytes=archived.size,
    )
    return Registered(document.id, job.id)


def _tell(context: JobContext, incoming: IncomingFile, outcome: IntakeOutcome) -> None:
    name = incoming.inbox_path.as_posix()
    if isinstance(outcome, Registered):
        context.counters.bump("received")
        message = f"{name}: received as document {outcome.document_id}"
        details = {"document": outcome.document_id, "file": name}
        context.emit(Event("document.received", message, details))
    elif isinstance(outcome, Duplicate):
        context.counters.bump("duplicates")
        message = f"{name}: same content as document {outcome.document_id}; recorded, not redone"
        details = {"document": outcome.document_id, "file": name}
        context.emit(Event("document.duplicate_received", message, details))
