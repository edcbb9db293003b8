"""A job row's life: queued, taken under a lease, finished. The one place that sets them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from store.database import Session
from store.schema import JobRecord
from store.states import JobStatus


def add_job(session: Session, document_id: int, kind: str) -> JobRecord:
    job = JobRecord(
        kind=kind,
        document_id=document_id,
        status=JobStatus.QUEUED,
        attempts=0,
        interruptions=0,
        created_at=datetime.now(UTC),
    )
    session.add(job)
    session.flush()
    return job


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
    if job.status == JobStatus.RUNNING:  # taken again from a worker that died under it
        job.interruptions += 1
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
