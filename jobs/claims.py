"""Taking a job to run, and the document as the job sees it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy.orm import Session

from jobs.services import Services
from store.schema import DocumentRecord, JobRecord, UnitRecord
from store.states import DocumentStatus, JobStatus


@dataclass(frozen=True)
class Claim:
    job_id: int
    attempt: int
    document_id: int
    unit: str
    original_name: str
    folder_name: str | None
    archive_path: Path
    received_at: datetime


def claim(services: Services, job_id: int) -> Claim | None:
    """Mark the job running and return it; None when there is nothing left to do here."""
    with services.store.writing() as session:
        job = session.get(JobRecord, job_id)
        if job is None or not takeable(job):
            return None
        document = session.get_one(DocumentRecord, job.document_id)
        if document.status != DocumentStatus.RECEIVED:
            # Finished before a crash hid it from the job row: settle the job and stop.
            finish_job(session, job, JobStatus.DONE)
            return None
        start_job(job, services.worker_name, services.settings.celery.lease_seconds)
        return claim_of(services, session, job)


def claim_of(services: Services, session: Session, job: JobRecord) -> Claim:
    """The job's document as the job sees it (the job already taken)."""
    document = session.get_one(DocumentRecord, job.document_id)
    unit = session.get_one(UnitRecord, document.unit_id)
    return Claim(
        job_id=job.id,
        attempt=job.attempts,
        document_id=document.id,
        unit=unit.code,
        original_name=document.original_name,
        folder_name=document.folder_name,
        archive_path=services.layout.absolute(document.archive_path),
        received_at=document.received_at,
    )


def takeable(job: JobRecord) -> bool:
    """Whether a worker may take the job now: not finished, not waiting for its pages, and
    not held by a live worker (a running job whose lease has passed lost its worker)."""
    status = JobStatus(job.status)
    if status.finished or status == JobStatus.WAITING_PAGES:
        return False
    if status == JobStatus.RUNNING and job.lease_until is not None:
        return job.lease_until <= datetime.now(UTC)
    return True


def start_job(job: JobRecord, worker: str, lease_seconds: float) -> None:
    now = datetime.now(UTC)
    job.status = JobStatus.RUNNING
    job.attempts += 1
    job.started_at = now
    job.worker = worker
    job.lease_until = now + timedelta(seconds=lease_seconds)


def finish_job(
    session: Session, job: JobRecord, status: JobStatus, error: str | None = None
) -> None:
    now = datetime.now(UTC)
    job.status = status
    job.finished_at = now
    job.last_error = error
    job.lease_until = None
    if job.started_at is not None:
        job.seconds = (now - job.started_at).total_seconds()
