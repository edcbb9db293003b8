"""`sohoa worker`: a Celery worker taking Sohoa's jobs from the broker (scale-out)."""

from __future__ import annotations

import os
import socket
from typing import Annotated

import typer

from config import ConfigError, load_settings
from service.i18n import _


def worker(
    concurrency: Annotated[
        int, typer.Option(help=_("Jobs at once in this worker; 0 means one per CPU core."))
    ] = 0,
    name: Annotated[
        str | None, typer.Option(help=_("The worker's name (default: sohoa@<host>:<pid>)."))
    ] = None,
) -> None:
    from runtime.celery_app import QUEUE, make_celery
    from runtime.celery_worker import register_tasks
    from service.compose import open_job_process
    from store.record import open_record

    settings = load_settings()
    if settings.queue != "celery":
        raise ConfigError(
            "sohoa worker needs queue = 'celery' (SOHOA_QUEUE=celery)", code="cli.worker_queue"
        )
    open_record(settings).close()  # checks the database and the data folders up front
    app = make_celery(settings)
    # Each worker process opens its own job process after the fork; it signs in-process,
    # because a daemonic child may not start processes.
    register_tasks(
        app, lambda: open_job_process(settings, "celery", signing_processes=0, heartbeat="celery")
    )
    app.worker_main(
        [
            "worker",
            f"--concurrency={concurrency or os.cpu_count() or 1}",
            f"--hostname={name or f'sohoa@{socket.gethostname()}:{os.getpid()}'}",
            f"--queues={QUEUE}",
            "--loglevel=WARNING",
            "--without-gossip",
            "--without-mingle",
        ]
    )
