"""The one-line status `sohoa run` keeps on a terminal."""

from __future__ import annotations

from rich.text import Text

from jobs import Services


class StatusLine:
    def __init__(self, services: Services) -> None:
        self.services = services

    def render(self) -> Text:
        counters = self.services.counters
        queue = self.services.queue.pending() if self.services.queue else 0
        return Text(
            f"queue {queue} · received {counters.received} · digitized {counters.digitized} · "
            f"pages {counters.pages_done} · duplicates {counters.duplicates} · "
            f"retried {counters.retried} · quarantined {counters.quarantined}"
        )
