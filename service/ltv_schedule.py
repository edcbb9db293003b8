"""Inside `sohoa run`: the long-term validation pass, every `signing.ltv_hours`."""

from __future__ import annotations

import logging
import threading

from runtime.events import EventSink
from store.record import Record

log = logging.getLogger("sohoa.service")
FIRST_PASS_SECONDS = 300.0  # after start-up, once the inbox's first rush has passed


class LtvSchedule:
    def __init__(self, record: Record, emit: EventSink) -> None:
        self._record = record
        self._emit = emit
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="sohoa-ltv", daemon=True)

    def __enter__(self) -> LtvSchedule:
        if self._record.settings.signing.profiles:
            self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()

    def _loop(self) -> None:
        from signing_batches.ltv_pass import add_long_term_validation

        wait = FIRST_PASS_SECONDS
        while not self._stop.wait(wait):
            try:
                add_long_term_validation(self._record, self._emit)
            except Exception:  # the service goes on; the next pass tries again
                log.exception("the long-term validation pass failed")
            wait = self._record.settings.signing.ltv_hours * 3600
