"""A worker process's pulse: it renews the leases of the jobs it runs, says it is alive, and
hands back to the queue the jobs of workers that died (their leases passed), then runs the
sweepers the use cases gave it (such as sending again a long document's lost page ranges).

One thread per process, every third of the lease. Any process may sweep: the sweep is one
UPDATE that only one of them wins for a given job, and a job handed back twice runs once
(the claim refuses a job that is already held). Page ranges of a split document whose task
was lost are sent again by a sweeper the same way.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

from runtime.queue import JobQueue
from store.database import Store
from store.jobs import hand_back_lost_jobs, renew_leases
from store.schema import WorkerRecord

log = logging.getLogger("sohoa.jobs")


Sweeper = Callable[[], object]


class Heartbeat:
    def __init__(
        self,
        store: Store,
        queue: JobQueue,
        lease_seconds: float,
        kind: str,
        sweepers: Sequence[Sweeper] = (),
    ) -> None:
        self.store = store
        self.queue = queue
        self.lease = timedelta(seconds=lease_seconds)
        self.kind = kind
        self.sweepers = tuple(sweepers)
        self.name = f"{socket.gethostname()}:{os.getpid()}"
        self._held: dict[int, int] = {}  # job id → how many runs of it here (usually 1)
        self._done = 0
        self._failed = 0
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._started_at = datetime.now(UTC)
        self._thread = threading.Thread(target=self._beat, name="sohoa-heartbeat", daemon=True)

    def start(self) -> Heartbeat:
        self.pulse()
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop beating, after a last report of what this process did."""
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=10)
        try:
            self.pulse()
        except Exception:  # stopping with the database gone: nothing more to say
            log.exception("last heartbeat failed")

    @contextmanager
    def holding(self, job_id: int) -> Iterator[None]:
        """While the block runs, the job's lease is renewed by this process."""
        with self._lock:
            self._held[job_id] = self._held.get(job_id, 0) + 1
        failed = False
        try:
            yield
        except BaseException:
            failed = True
            raise
        finally:
            with self._lock:
                self._held[job_id] -= 1
                if not self._held[job_id]:
                    del self._held[job_id]
                self._done += not failed
                self._failed += failed

    def pulse(self) -> list[int]:
        """Renew, report, sweep; return the ids of jobs handed back to the queue."""
        now = datetime.now(UTC)
        with self._lock:
            held, done, failed = list(self._held), self._done, self._failed
        with self.store.writing() as session:
            if held:
                renew_leases(session, held, now + self.lease)
            record = session.get(WorkerRecord, self.name)
            if record is None:
                record = WorkerRecord(
                    name=self.name,
                    host=socket.gethostname(),
                    pid=os.getpid(),
                    kind=self.kind,
                    started_at=self._started_at,
                )
                session.add(record)
            record.last_seen_at = now
            record.running, record.done, record.failed = len(held), done, failed
            lost = hand_back_lost_jobs(session, now)
        if lost:
            log.warning("jobs %s lost their worker; queued again", lost)
            for job_id in lost:
                self.queue.submit(job_id)
        for sweep in self.sweepers:
            sweep()
        return lost

    def _beat(self) -> None:
        interval = self.lease.total_seconds() / 3
        while not self._stop.wait(interval):
            try:
                self.pulse()
            except Exception:  # the database is away for a moment: try at the next beat
                log.exception("heartbeat failed")
