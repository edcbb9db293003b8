"""What a job sees of the process it runs in: the record, the queue, and where to report."""

from __future__ import annotations

import os
import socket
import threading
from dataclasses import dataclass, field

from config import Settings
from runtime.events import Counters, EventSink, ignore
from runtime.queue import JobQueue
from store.archive import Layout
from store.database import Store


@dataclass(kw_only=True)
class JobContext:
    settings: Settings
    store: Store
    layout: Layout
    queue: JobQueue
    emit: EventSink = ignore
    counters: Counters = field(default_factory=Counters)

    @property
    def worker_name(self) -> str:
        return worker_name()


def worker_name() -> str:
    """This thread of this process on this host, as the jobs table names who holds a job."""
    return f"{process_name()}:{threading.current_thread().name}"


def process_name() -> str:
    """This process on this host: what the names of its workers begin with."""
    return f"{socket.gethostname()}:{os.getpid()}"
