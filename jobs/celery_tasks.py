"""The tasks a `sohoa worker` runs, and the services each worker process opens once.

Each worker process (a Celery prefork child) opens its own store connection, digitizer and
heartbeat after the fork, and signs in-process: a daemonic child may not start processes.
"""

from __future__ import annotations

import logging
from typing import Any

from celery import Celery
from celery.signals import worker_process_init, worker_process_shutdown

from config import Settings
from jobs.celery_app import OCR_PAGES, RUN_JOB
from jobs.celery_queue import CeleryQueue
from jobs.heartbeat import Heartbeat
from jobs.runner import run_job
from jobs.services import Services, open_services

log = logging.getLogger("sohoa.worker")
_opened: dict[str, Services] = {}


def register_tasks(app: Celery, settings: Settings) -> None:
    def open_here(**_: Any) -> None:
        services = open_services(settings, signing_processes=0)
        services.queue = CeleryQueue(app, services.store)
        services.heartbeat = Heartbeat(services, "celery").start()
        _opened["services"] = services

    def close_here(**_: Any) -> None:
        services = _opened.pop("services", None)
        if services is not None:
            services.close()

    worker_process_init.connect(open_here, weak=False)
    worker_process_shutdown.connect(close_here, weak=False)

    @app.task(name=RUN_JOB, acks_late=True)  # type: ignore[untyped-decorator]
    def run_job_task(job_id: int) -> None:
        run_job(_services(open_here), job_id)

    @app.task(name=OCR_PAGES, acks_late=True)  # type: ignore[untyped-decorator]
    def ocr_pages_task(job_id: int, first: int, last: int) -> None:
        from jobs.page_tasks import run_page_range

        run_page_range(_services(open_here), job_id, first, last)


def _services(open_here: Any) -> Services:
    if "services" not in _opened:  # a pool without forked children (solo, threads)
        open_here()
    return _opened["services"]
