"""Everything a job needs, opened once per process."""

from __future__ import annotations

import os
import socket
import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from config import Settings
from digitizer import DigitizeOptions, Digitizer
from jobs.events import Counters, EventSink, ignore
from jobs.queue import JobQueue
from jobs.signing_pool import SigningPool
from store.archive import Layout
from store.database import Store
from store.migrate import upgrade

if TYPE_CHECKING:
    from jobs.heartbeat import Heartbeat


@dataclass
class Services:
    settings: Settings
    store: Store
    layout: Layout
    options: DigitizeOptions
    digitizer: Digitizer
    signing: SigningPool
    queue: JobQueue | None = None
    emit: EventSink = ignore
    counters: Counters = field(default_factory=Counters)
    heartbeat: Heartbeat | None = None  # renews the leases of the jobs run here

    @property
    def worker_name(self) -> str:
        return f"{socket.gethostname()}:{os.getpid()}:{threading.current_thread().name}"

    def close(self) -> None:
        if self.queue is not None:
            self.queue.close()
        if self.heartbeat is not None:
            self.heartbeat.stop()
        self.signing.close()
        self.digitizer.close()
        self.store.dispose()


def open_services(
    settings: Settings, emit: EventSink = ignore, signing_processes: int | None = None
) -> Services:
    """Open the store (migrating the embedded default), the data folders and the OCR workers.

    `signing_processes=0` signs inside this process (a Celery worker's child may not start
    processes of its own).
    """
    store, layout = open_store(settings)
    options = DigitizeOptions.from_settings(settings)
    return Services(
        settings=settings,
        store=store,
        layout=layout,
        options=options,
        digitizer=Digitizer(options),
        signing=SigningPool(
            (os.cpu_count() or 1) if signing_processes is None else signing_processes
        ),
        emit=emit,
    )


def open_store(settings: Settings) -> tuple[Store, Layout]:
    """The record and the data folders; the embedded default is migrated on opening."""
    layout = Layout(settings.data_dir)
    layout.create()
    store = Store(settings.store_url)
    if store.is_sqlite:
        upgrade(store)
    return store, layout
