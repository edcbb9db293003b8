"""A job that failed: try again later when the trouble may pass, else set the file aside.

Setting aside copies the archived original to `quarantine/<unit>/` with a `.reason.txt` in
Vietnamese and English; the archived original itself stays where it is.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from config import SohoaError
from digitizer import DigitizeError
from jobs.claims import Claim, finish_job
from jobs.events import Event
from jobs.quarantine import reason_file_text, vietnamese_reason
from jobs.services import Services
from store import audit
from store.files import durable_copy, durable_write_text, free_name
from store.schema import DocumentRecord, JobRecord
from store.states import DocumentStatus, JobStatus

log = logging.getLogger("sohoa.jobs")
VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")


def fail(services: Services, claimed: Claim, error: Exception, workdir: Path) -> None:
    described = describe(error, claimed.original_name)
    retryable = not isinstance(error, SohoaError) or error.retryable
    if retryable and claimed.attempt < services.settings.jobs.max_attempts:
        retry_later(services, claimed.job_id, claimed.attempt, described)
    else:
        if not isinstance(error, SohoaError):
            log.error("document %s failed unexpectedly", claimed.document_id, exc_info=error)
        _quarantine(services, claimed, error, described)


def describe(error: Exception, original_name: str) -> str:
    if isinstance(error, DigitizeError):
        return f"{original_name}: {error.reason}"
    if isinstance(error, SohoaError):
        return str(error)
    return f"{original_name}: unexpected failure ({type(error).__name__}: {error})"


def retry_later(services: Services, job_id: int, attempt: int, described: str) -> None:
    """Run the job again after a wait that doubles with each attempt."""
    delay = services.settings.jobs.retry_seconds * 2 ** (attempt - 1)
    with services.store.writing() as session:
        job = session.get_one(JobRecord, job_id)
        job.status = JobStatus.WAITING_RETRY
        job.last_error = described
        job.retry_at = datetime.now(UTC) + timedelta(seconds=delay)
        audit.record(
            session,
            "job.retry_scheduled",
            f"job:{job.id}",
            attempt=attempt,
            error=described,
            seconds=delay,
        )
    services.counters.bump("retried")
    services.emit(Event("job.retry_scheduled", f"{described}; trying again in {delay:.0f} s", {}))
    if services.queue is not None:
        services.queue.submit(job_id, delay=delay)


def _quarantine(services: Services, claimed: Claim, error: Exception, described: str) -> None:
    folder = services.layout.quarantine / claimed.unit
    with services.store.writing() as session:
        document = session.get_one(DocumentRecord, claimed.document_id)
        target = free_name(folder, claimed.original_name)
        durable_copy(claimed.archive_path, target)
        received = claimed.received_at.astimezone(VIETNAM).isoformat(timespec="seconds")
        reason = reason_file_text(
            claimed.original_name, vietnamese_reason(error), described, received
        )
        durable_write_text(target.with_name(f"{target.name}.reason.txt"), reason)
        document.status = DocumentStatus.QUARANTINED
        document.notes = described
        finish_job(session, session.get_one(JobRecord, claimed.job_id), JobStatus.FAILED, described)
        audit.record(
            session,
            "document.quarantined",
            f"document:{document.id}",
            reason=described,
            copy=services.layout.relative(target),
        )
    services.counters.bump("quarantined")
    services.emit(
        Event(
            "document.quarantined",
            f"{described} (set aside in {services.layout.relative(target)})",
            {"document": claimed.document_id},
        )
    )
