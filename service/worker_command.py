"""`sohoa worker`: a Celery worker taking Sohoa's jobs from the broker (scale-out)."""

from __future__ import annotations

import os
import socket
from typing import Annotated

import typer

from config import ConfigError, load_settings


def worker(
    concurrency: Annotated[
        int, typer.Option(help="Jobs at once in this worker; 0 means one per CPU core.")
    ] = 0,
    name: Annotated[
        str | None, typer.Option(help="The worker's name (default: sohoa@<host>:<pid>).")
    ] = None,
) -> None:
    """Run jobs sent by `sohoa run` through the broker (queue = "celery"), on any host that
    reaches the database, the broker and the shared data directory."""
    from jobs.celery_app import QUEUE, make_celery
    from jobs.celery_tasks import register_tasks
    from jobs.services import open_store

    settings = load_settings()
    if settings.queue != "celery":
        raise ConfigError("sohoa worker needs queue = 'celery' (SOHOA_QUEUE=celery)")
    store, _ = open_store(settings)  # checks the database and the data folders up front
    store.dispose()
    app = make_celery(settings)
    register_tasks(app, settings)
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
