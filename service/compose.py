"""The composition root: each process builds here what it uses, and nothing more.

A command that only reads or writes the record opens the record (no OCR workers, no
signing processes, no queue). A process that runs jobs opens a `JobProcess`: its queue,
the contexts of the job kinds it runs, and a heartbeat, wired so that no use case imports
the runtime's internals or another use case.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, fields
from functools import partial
from typing import TYPE_CHECKING, Any, Literal

from config import Settings
from runtime.context import JobContext
from runtime.events import Counters, EventSink, ignore
from runtime.heartbeat import Heartbeat, Sweeper
from runtime.kinds import JobKind, JobKinds
from runtime.queue import DeferredQueue, JobQueue, LocalQueue
from store.record import OpenedRecord, Record, open_record

if TYPE_CHECKING:
    from intake.context import IntakeContext
    from signing_batches.context import SigningContext
    from store.archive import Layout
    from store.database import Store

QueueKind = Literal["local", "celery", "deferred"]
MakeQueue = Callable[[JobKinds], JobQueue]  # a queue of one's own (tests that play a broker)


__all__ = [
    "JobProcess",
    "OpenedRecord",
    "Record",
    "open_job_process",
    "open_record",
    "queue_kind_for",
]


@dataclass
class JobProcess:
    """A process that queues or runs jobs: `sohoa run`, a worker, an approving command."""

    record: OpenedRecord
    queue: JobQueue
    kinds: JobKinds
    context: JobContext  # registration, refusals and retries: no OCR needed
    intake: IntakeContext | None = None  # where digitize jobs run here
    signing: SigningContext | None = None  # where signing jobs run here
    heartbeat: Heartbeat | None = None

    @property
    def counters(self) -> Counters:
        return self.context.counters

    @property
    def settings(self) -> Settings:
        return self.record.settings

    @property
    def store(self) -> Store:
        return self.record.store

    @property
    def layout(self) -> Layout:
        return self.record.layout

    def close(self) -> None:
        self.queue.close()
        if self.heartbeat is not None:
            self.heartbeat.stop()
        if self.signing is not None:
            self.signing.signing.close()
        if self.intake is not None:
            self.intake.digitizer.close()
        self.record.close()


def queue_kind_for(settings: Settings, no_workers: bool = False) -> QueueKind:
    if settings.queue == "celery":
        return "celery"
    return "deferred" if no_workers else "local"


def open_job_process(
    settings: Settings,
    queue_kind: QueueKind | MakeQueue,
    *,
    emit: EventSink = ignore,
    digitize: bool = True,
    sign: bool = True,
    signing_processes: int | None = None,
    heartbeat: str | None = None,
    local_workers: int | None = None,
) -> JobProcess:
    """Open the record, the queue and the contexts of the job kinds this process runs.

    `digitize` and `sign` say which kinds run here (OCR workers start only with the first);
    `signing_processes=0` signs inside this process (a Celery worker's child may not start
    processes of its own); `heartbeat` names the process kind in the workers table, and
    starts the beat that keeps leases and sweeps.
    """
    record = open_record(settings)
    kinds = JobKinds(record.store)
    queue = _queue(settings, record, queue_kind, kinds, local_workers)
    context = JobContext(
        settings=settings, store=record.store, layout=record.layout, queue=queue, emit=emit
    )
    process = JobProcess(record, queue, kinds, context)
    sweepers: list[Sweeper] = []
    if digitize:
        intake = process.intake = _intake_context(context)
        kinds.add(_digitize_kind(intake))
        sweepers.append(partial(_redispatch_stalled, intake))
    if sign:
        signing = process.signing = _signing_context(context, signing_processes)
        kinds.add(_sign_kind(signing))
    if heartbeat is not None:
        process.heartbeat = Heartbeat(
            record.store, queue, settings.celery.lease_seconds, heartbeat, sweepers
        )
        kinds.heartbeat = process.heartbeat.start()
    return process


def _queue(
    settings: Settings,
    record: Record,
    kind: QueueKind | MakeQueue,
    kinds: JobKinds,
    local_workers: int | None,
) -> JobQueue:
    if callable(kind):
        return kind(kinds)
    if kind == "celery":
        from runtime.celery_app import make_celery
        from runtime.celery_queue import CeleryQueue

        return CeleryQueue(make_celery(settings), record.store)
    if kind == "deferred":
        return DeferredQueue()
    workers = local_workers or settings.jobs.documents_at_once or 2 * (os.cpu_count() or 1)
    return LocalQueue(kinds.run, workers, retry_seconds=settings.jobs.retry_seconds)


def _shared(context: JobContext) -> dict[str, Any]:
    return {item.name: getattr(context, item.name) for item in fields(JobContext)}


def _intake_context(context: JobContext) -> IntakeContext:
    from digitizer import DigitizeOptions, Digitizer
    from intake.context import IntakeContext
    from signing_batches.collect import collector

    settings = context.settings
    options = DigitizeOptions.from_settings(settings)
    return IntakeContext(
        **_shared(context),
        options=options,
        digitizer=Digitizer(options),
        on_recorded=collector(settings),  # outputs join their signing batch
    )


def _signing_context(context: JobContext, processes: int | None) -> SigningContext:
    from signing_batches.context import SigningContext
    from signing_batches.signing_pool import SigningPool

    count = (os.cpu_count() or 1) if processes is None else processes
    return SigningContext(**_shared(context), signing=SigningPool(count))


def _digitize_kind(intake: IntakeContext) -> JobKind:
    from intake.flow import run_digitize
    from intake.page_tasks import run_page_range
    from intake.register import DIGITIZE

    return JobKind(DIGITIZE, partial(run_digitize, intake), partial(run_page_range, intake))


def _sign_kind(signing: SigningContext) -> JobKind:
    from signing_batches.flow import SIGN_JOB
    from signing_batches.sign_job import run_sign

    return JobKind(SIGN_JOB, partial(run_sign, signing))


def _redispatch_stalled(intake: IntakeContext) -> None:
    from intake.page_tasks import redispatch_stalled

    redispatch_stalled(intake)
