"""On start-up, every job not finished is handed to the queue again."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select, update

from runtime.queue import JobQueue
from store.database import Store
from store.schema import JobRecord
from store.states import JobStatus

_UNFINISHED = (JobStatus.QUEUED, JobStatus.RUNNING, JobStatus.WAITING_RETRY)


def resume_unfinished(store: Store, queue: JobQueue, *, only_worker: bool) -> int:
    """Requeue jobs left queued, running (the process stopped under them) or waiting.

    With the local queue this process is the only worker (`only_worker`), so a running
    job's lease is void: its worker was this service before it stopped. Workers elsewhere
    (Celery) keep their leases; a job whose worker died is taken again when its lease has
    passed.
    """
    if only_worker:
        with store.writing() as session:
            session.execute(
                update(JobRecord)
                .where(JobRecord.status == JobStatus.RUNNING)
                .values(lease_until=None)
            )
    with store.reading() as session:
        rows = session.execute(
            select(JobRecord.id, JobRecord.retry_at)
            .where(JobRecord.status.in_(_UNFINISHED))
            .order_by(JobRecord.id)
        ).all()
    now = datetime.now(UTC)
    for job_id, retry_at in rows:
        delay = (retry_at - now).total_seconds() if retry_at else 0.0
        queue.submit(job_id, delay=max(0.0, delay))
    return len(rows)
