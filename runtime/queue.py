"""The queue seam: where jobs run. In-process by default; a Celery backend plugs in here.

A backend only carries job ids. The jobs table is the source of truth for status,
attempts and errors, so a backend may lose or repeat a delivery without harm: running a
job that is finished does nothing.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Protocol

from config import SohoaError

log = logging.getLogger("sohoa.jobs")
_LONGEST_RETRY_SECONDS = 60.0


class JobQueue(Protocol):
    spreads_parts: bool
    """Whether parts of one job (a long document's page ranges) go to other workers."""

    def submit(self, job_id: int, *, delay: float = 0.0) -> None:
        """Run the job soon, or after `delay` seconds."""

    def submit_part(self, job_id: int, first: int, last: int) -> None:
        """Run part `first`..`last` of the job on any worker (only where `spreads_parts`)."""

    def pending(self) -> int:
        """Jobs handed in and not yet finished here (an estimate for displays)."""

    def close(self) -> None:
        """Stop taking jobs; let running ones finish."""


class LocalQueue:
    """A pool of threads in this process; their OCR pages share the digitizer's workers, so
    a long document gains nothing from being split into parts here.

    A job that cannot reach the record (the database busy or gone) is handed in again after
    `retry_seconds`, twice as long at each further time up to a minute: nothing else would
    run it again before the service restarts.
    """

    spreads_parts = False

    def __init__(
        self, run_job: Callable[[int], None], workers: int, *, retry_seconds: float = 5.0
    ) -> None:
        self._run_job = run_job
        self._retry_seconds = retry_seconds
        self._pool = ThreadPoolExecutor(workers, thread_name_prefix="sohoa-job")
        self._lock = threading.Lock()
        self._pending = 0
        self._timers: set[threading.Timer] = set()
        self._closed = False
        self._failures: dict[int, int] = {}  # job id → times in a row it could not run

    def submit(self, job_id: int, *, delay: float = 0.0) -> None:
        with self._lock:
            if self._closed:
                return
            self._pending += 1
            if delay <= 0:
                self._pool.submit(self._run, job_id)
                return
            timer = threading.Timer(delay, self._start_later, args=(job_id,))
            timer.daemon = True
            self._timers.add(timer)
            timer.start()

    def submit_part(self, job_id: int, first: int, last: int) -> None:
        raise NotImplementedError("the local queue runs a job whole")

    def pending(self) -> int:
        with self._lock:
            return self._pending

    def close(self) -> None:
        with self._lock:
            self._closed = True
            timers, self._timers = self._timers, set()
        for timer in timers:
            timer.cancel()
        self._pool.shutdown(wait=True, cancel_futures=True)

    def _start_later(self, job_id: int) -> None:
        with self._lock:
            self._timers = {timer for timer in self._timers if timer.is_alive()}
            if self._closed:
                return
            self._pool.submit(self._run, job_id)

    def _run(self, job_id: int) -> None:
        try:
            self._run_job(job_id)
        except Exception as error:
            self._after_failure(job_id, error)
        else:
            with self._lock:
                self._failures.pop(job_id, None)
        finally:
            with self._lock:
                self._pending -= 1

    def _after_failure(self, job_id: int, error: Exception) -> None:
        if not (isinstance(error, SohoaError) and error.retryable):
            log.error("job %s stopped on an unexpected error", job_id, exc_info=error)
            return
        with self._lock:
            failures = self._failures[job_id] = self._failures.get(job_id, 0) + 1
        delay = min(self._retry_seconds * 2 ** (failures - 1), _LONGEST_RETRY_SECONDS)
        log.warning("job %s could not run (%s); tried again in %g s", job_id, error, delay)
        self.submit(job_id, delay=delay)


class DeferredQueue:
    """No workers here (`sohoa run --no-workers` on the local queue): jobs stay queued in
    the record until a `sohoa run` with workers resumes them."""

    spreads_parts = False

    def submit(self, job_id: int, *, delay: float = 0.0) -> None:
        pass

    def submit_part(self, job_id: int, first: int, last: int) -> None:
        pass

    def pending(self) -> int:
        return 0

    def close(self) -> None:
        pass
