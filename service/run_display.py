"""The one-line status `sohoa run` keeps on a terminal."""

from __future__ import annotations

from rich.text import Text

from runtime.events import Counters
from runtime.queue import JobQueue


class StatusLine:
    def __init__(self, counters: Counters, queue: JobQueue) -> None:
        self.counters = counters
        self.queue = queue

    def render(self) -> Text:
        counters = self.counters
        return Text(
            f"queue {self.queue.pending()} · received {counters.received} · "
            f"digitized {counters.digitized} · pages {counters.pages_done} · "
            f"duplicates {counters.duplicates} · retried {counters.retried} · "
            f"quarantined {counters.quarantined}"
        )
