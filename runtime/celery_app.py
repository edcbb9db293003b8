"""The Celery application: JSON task ids only, acknowledged after the work, one task
reserved at a time per process, time limits from the settings.

The jobs table stays the source of truth: a task carries a job id and nothing else, so a
message lost or delivered twice changes nothing (the claim takes a job once; a job whose
worker died is handed back by the heartbeat's sweep).
"""

from __future__ import annotations

from celery import Celery

from config import ConfigError, Settings

QUEUE = "sohoa"
RUN_JOB = "sohoa.run_job"
RUN_PART = "sohoa.ocr_pages"  # the one kind of part so far: a range of pages to read


def make_celery(settings: Settings) -> Celery:
    if not settings.broker_url:
        raise ConfigError(
            "queue = 'celery' needs broker_url (SOHOA_BROKER_URL=redis://… or amqp://…)",
            code="settings.broker_missing",
        )
    limit = settings.celery.task_seconds
    app = Celery("sohoa", broker=settings.broker_url, set_as_current=False)
    app.conf.update(
        task_serializer="json",
        accept_content=["json"],
        result_backend=None,
        task_ignore_result=True,
        task_default_queue=QUEUE,
        task_acks_late=True,
        task_reject_on_worker_lost=True,  # a killed worker's task goes back to the queue
        worker_prefetch_multiplier=settings.celery.prefetch,
        task_time_limit=limit,
        task_soft_time_limit=max(1.0, limit - 30),
        broker_connection_retry_on_startup=True,
        worker_hijack_root_logger=False,
        worker_send_task_events=False,
        # Redis gives an unacknowledged task back after this long; the lease sweep is what
        # recovers a dead worker's job sooner, so this only has to outlast a long task.
        broker_transport_options={"visibility_timeout": limit + 300},
    )
    return app
