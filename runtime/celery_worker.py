"""The tasks a `sohoa worker` runs, and what each worker process opens once.

Each worker process (a Celery prefork child) opens its own store connection, job contexts
and heartbeat after the fork, through the composition root's `open_process`: a job id
arrives, and the process's job kinds run it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, Protocol

from celery import Celery
from celery.signals import worker_process_init, worker_process_shutdown

from runtime.celery_app import RUN_JOB, RUN_PART
from runtime.kinds import JobKinds

log = logging.getLogger("sohoa.worker")


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

    @app.task(name=RUN_JOB, acks_late=True)  # type: ignore[untyped-decorator]
    def run_job_task(job_id: int) -> None:
        opened().kinds.run(job_id)

    @app.task(name=RUN_PART, acks_late=True)  # type: ignore[untyped-decorator]
    def run_part_task(job_id: int, first: int, last: int) -> None:
        opened().kinds.run_part(job_id, first, last)
