"""The tasks a `sohoa worker` runs, and what each worker process opens once.

Each worker process (a Celery prefork child) opens its own store connection, job contexts
and heartbeat after the fork, through the composition root's `open_process`: a job id
arrives, and the process's job kinds run it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, Protocol

from celery import Celery, Task
from celery.signals import worker_process_init, worker_process_shutdown

from config import SohoaError
from runtime.celery_app import RUN_JOB, RUN_PART
from runtime.kinds import JobKinds

log = logging.getLogger("sohoa.worker")
_FIRST_RETRY_SECONDS = 2.0
_LONGEST_RETRY_SECONDS = 60.0


class WorkerProcess(Protocol):
    kinds: JobKinds

    def close(self) -> None: ...


_opened: dict[str, WorkerProcess] = {}


def register_tasks(app: Celery, open_process: Callable[[], WorkerProcess]) -> None:
    def open_here(**_: Any) -> None:
        _opened["process"] = open_process()

    def close_here(**_: Any) -> None:
        process = _opened.pop("process", None)
        if process is not None:
            process.close()

    worker_process_init.connect(open_here, weak=False)
    worker_process_shutdown.connect(close_here, weak=False)

    def opened() -> WorkerProcess:
        if "process" not in _opened:  # a pool without forked children (solo, threads)
            open_here()
        return _opened["process"]

    @app.task(name=RUN_JOB, acks_late=True, bind=True)  # type: ignore[untyped-decorator]
    def run_job_task(task: Task, job_id: int) -> None:
        _again_on_passing_trouble(task, lambda: opened().kinds.run(job_id))

    @app.task(name=RUN_PART, acks_late=True, bind=True)  # type: ignore[untyped-decorator]
    def run_part_task(task: Task, job_id: int, first: int, last: int) -> None:
        _again_on_passing_trouble(task, lambda: opened().kinds.run_part(job_id, first, last))


def _again_on_passing_trouble(task: Task, run: Callable[[], None]) -> None:
    """Run; a job that could not reach the record (the database busy or gone) is sent
    again after doubling waits, up to a minute: nothing else would run it before a
    `sohoa run` restarts."""
    try:
        run()
    except SohoaError as error:
        if not error.retryable:
            raise
        delay = min(_FIRST_RETRY_SECONDS * 2**task.request.retries, _LONGEST_RETRY_SECONDS)
        log.warning("%s could not run (%s); sent again in %g s", task.name, error, delay)
        raise task.retry(exc=error, countdown=delay, max_retries=None) from error
