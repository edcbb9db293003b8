"""On start-up, every job not finished is handed to the queue again."""

from __future__ import annotations

from datetime import UTC, datetime

from runtime.context import process_name
from runtime.queue import JobQueue
from store.database import Store
from store.jobs import jobs_to_resume, void_running_leases


def resume_unfinished(store: Store, queue: JobQueue, *, only_worker: bool) -> int:
    """Requeue jobs left queued, running (the process stopped under them) or waiting.

    With the local queue this process is the only worker (`only_worker`), so a running
    job's lease is void: its worker was this service before it stopped. Not so the jobs
    this process has taken already (its heartbeat hands back the jobs of a worker that died
    long ago as soon as it starts): voided, they would be taken a second time meanwhile.
    Workers elsewhere (Celery) keep their leases; a job whose worker died is taken again
    when its lease has passed.
    """
    if only_worker:
        with store.writing() as session:
            void_running_leases(session, except_process=process_name())
    with store.reading() as session:
        rows = jobs_to_resume(session)
    now = datetime.now(UTC)
    for job_id, retry_at in rows:
        delay = (retry_at - now).total_seconds() if retry_at else 0.0
        queue.submit(job_id, delay=max(0.0, delay))
    return len(rows)
