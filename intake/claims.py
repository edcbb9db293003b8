"""Taking a digitize job to run, and the document as the job sees it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from intake.context import IntakeContext
from runtime.leases import finish_job, start_job, takeable
from store.database import Session
from store.schema import DocumentRecord, JobRecord, UnitRecord
from store.states import DocumentStatus, JobStatus


@dataclass(frozen=True)
class Claim:
    job_id: int
    attempt: int
    interruptions: int  # among the attempts, those whose worker died under them
    document_id: int
    unit: str
    original_name: str
    folder_name: str | None
    archive_path: Path
    received_at: datetime


def claim(context: IntakeContext, job_id: int) -> Claim | None:
    """Mark the job running and return it; None when there is nothing left to do here."""
    with context.store.writing() as session:
        job = session.get(JobRecord, job_id)
        if job is None or not takeable(job):
            return None
        document = session.get_one(DocumentRecord, job.document_id)
        if document.status != DocumentStatus.RECEIVED:
            # Finished before a crash hid it from the job row: settle the job and stop.
            finish_job(session, job, JobStatus.DONE)
            return None
        start_job(job, context.worker_name, context.settings.celery.lease_seconds)
        return claim_of(context, session, job)


def claim_of(context: IntakeContext, session: Session, job: JobRecord) -> Claim:
    """The job's document as the job sees it (the job already taken)."""
    document = session.get_one(DocumentRecord, job.document_id)
    unit = session.get_one(UnitRecord, document.unit_id)
    return Claim(
        job_id=job.id,
        attempt=job.attempts,
        interruptions=job.interruptions,
        document_id=document.id,
        unit=unit.code,
        original_name=document.original_name,
        folder_name=document.folder_name,
        archive_path=context.layout.absolute(document.archive_path),
        received_at=document.received_at,
    )
