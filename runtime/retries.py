"""A job that met passing trouble runs again later, after a wait that doubles each time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from runtime.context import JobContext
from runtime.events import Event, error_details
from store import audit
from store.schema import JobRecord
from store.states import JobStatus


def retry_later(
    context: JobContext, job_id: int, attempt: int, error: Exception, described: str
) -> None:
    delay = context.settings.jobs.retry_seconds * 2 ** (attempt - 1)
    with context.store.writing() as session:
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
    context.counters.bump("retried")
    details = {
        "job": job_id,
        "attempt": attempt,
        "seconds": delay,
        "reason": described,
        **error_details(error),
    }
    message = f"{described}; trying again in {delay:.0f} s"
    context.emit(Event("job.retry_scheduled", message, details))
    context.queue.submit(job_id, delay=delay)
