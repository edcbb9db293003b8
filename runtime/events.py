"""What happens, as it happens: for the progress display and the JSON log."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from config.errors import SohoaError


@dataclass(frozen=True)
class Event:
    kind: str  # e.g. "document.digitized", as in the audit trail
    message: str  # one line in English for the operator
    details: dict[str, Any] = field(default_factory=dict)
    at: datetime = field(default_factory=lambda: datetime.now(UTC))


EventSink = Callable[[Event], None]


def error_details(error: BaseException) -> dict[str, Any]:
    """The code and values of `error`, so that a face can say it in its own words."""
    if not isinstance(error, SohoaError) or error.code is None:
        return {}
    params = {
        name: value if isinstance(value, str | int | float | bool) else str(value)
        for name, value in error.params.items()
    }
    return {"code": error.code, "params": params}


def ignore(_: Event) -> None:
    pass


class Counters:
    """Running totals since start-up, safe to bump from any thread."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.received = 0
        self.duplicates = 0
        self.digitized = 0
        self.quarantined = 0
        self.retried = 0
        self.pages_done = 0

    def bump(self, name: str, by: int = 1) -> None:
        with self._lock:
            setattr(self, name, getattr(self, name) + by)

    # The digitizer's progress protocol, so that pages count as they finish.
    def pages_found(self, count: int) -> None:
        pass

    def page_done(self) -> None:
        self.bump("pages_done")
