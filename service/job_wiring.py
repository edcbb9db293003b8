"""Where `sohoa run` has its jobs run: its own pool, Celery workers, or (with --no-workers)
nowhere here; and the heartbeat that keeps leases and hands back a dead worker's jobs."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from jobs.services import Services


@contextmanager
def job_runners(services: Services, no_workers: bool) -> Iterator[None]:
    from jobs.heartbeat import Heartbeat

    settings = services.settings
    worker: subprocess.Popen[bytes] | None = None
    if settings.queue == "celery":
        from jobs.celery_app import make_celery
        from jobs.celery_queue import CeleryQueue

        services.queue = CeleryQueue(make_celery(settings), services.store)
        worker = None if no_workers else _start_worker()
        kind = "watcher"
    elif no_workers:
        from jobs.queue import DeferredQueue

        services.queue = DeferredQueue()
        kind = "watcher"
    else:
        from jobs.queue import LocalQueue
        from jobs.runner import run_job

        workers = settings.jobs.documents_at_once or 2 * (os.cpu_count() or 1)
        services.queue = LocalQueue(lambda job_id: run_job(services, job_id), workers)
        kind = "local"
    services.heartbeat = Heartbeat(services, kind).start()
    try:
        yield
    finally:
        if worker is not None:
            worker.send_signal(signal.SIGTERM)  # Celery's warm shutdown: running tasks finish
            worker.wait()


def _start_worker() -> subprocess.Popen[bytes]:
    """`sohoa worker` beside this service, in its process group, sharing its settings."""
    return subprocess.Popen([sys.executable, "-m", "service.cli", "worker"])
