"""The Celery side of the queue seam: a job id sent to the broker for any worker to run."""

from __future__ import annotations

from celery import Celery

from runtime.celery_app import RUN_JOB, RUN_PART
from store.database import Store
from store.jobs import count_unfinished_jobs


class CeleryQueue:
    spreads_parts = True

    def __init__(self, app: Celery, store: Store) -> None:
        self._app = app
        self._store = store

    def submit(self, job_id: int, *, delay: float = 0.0) -> None:
        self._app.send_task(RUN_JOB, args=[job_id], countdown=delay if delay > 0 else None)

    def submit_part(self, job_id: int, first: int, last: int) -> None:
        self._app.send_task(RUN_PART, args=[job_id, first, last])

    def pending(self) -> int:
        """Jobs not finished, wherever they run: read from the record, not the broker."""
        with self._store.reading() as session:
            return count_unfinished_jobs(session)

    def close(self) -> None:
        self._app.close()
