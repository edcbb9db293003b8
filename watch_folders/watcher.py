"""The folder watcher: files dropped into the inbox become arrivals once they are complete.

Three sources feed one stability tracker: watchdog events (inotify, or polling for network
shares), a scan at start-up and a periodic full rescan for events the kernel dropped. One
checker thread offers what has settled and calls the callbacks, outside any lock.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import Self

from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver
from watchdog.observers.polling import PollingObserver

from config import SohoaError
from watch_folders.events import WATCHED_EVENTS, InboxEventHandler
from watch_folders.routes import Arrival, Refusal, route
from watch_folders.scan import entries_under
from watch_folders.stability import StabilityTracker

logger = logging.getLogger("sohoa.watch")

CHECK_INTERVAL_SECONDS = 0.2
# A file whose taking failed (its disk full, the database away) is offered again this long
# after, then after twice as long at each further failure, up to the rescan interval.
FIRST_RETRY_SECONDS = 1.0


_OBSERVER_TIMEOUT_SECONDS = 5.0


class FolderWatcher:
    """Watch `root` and call `on_arrival` once per complete file, `on_refusal` once per path.

    Paths handed to the callbacks are under `root` with links in it resolved. A callback
    that raises is logged; its file is offered again a little later if still there.
    """

    def __init__(
        self,
        root: Path,
        on_arrival: Callable[[Arrival], None],
        on_refusal: Callable[[Refusal], None],
        *,
        settle_seconds: float = 2.0,
        polling: bool = False,
        poll_interval: float = 1.0,
        rescan_seconds: float = 60.0,
    ) -> None:
        self._root = root.resolve()
        self._on_arrival = on_arrival
        self._on_refusal = on_refusal
        self._polling = polling
        self._poll_interval = poll_interval
        self._rescan_seconds = rescan_seconds
        self._lock = threading.Lock()
        self._tracker = StabilityTracker(settle_seconds)
        self._refused: set[Path] = set()
        self._failures: dict[Path, int] = {}  # arrivals whose callback raised, how often
        self._stopping = threading.Event()
        self._woken = threading.Event()  # an event arrived, or the watcher is stopping
        self._observer: BaseObserver | None = None
        self._checker: threading.Thread | None = None

    @property
    def root(self) -> Path:
        return self._root

    def start(self) -> None:
        if self._observer is not None:
            raise RuntimeError(f"the watcher of {self._root} is already running")
        self._root.mkdir(parents=True, exist_ok=True)
        self._stopping.clear()
        self._woken.clear()
        # Events first, then the scan of what is already waiting: nothing falls between.
        self._observer = self._new_observer()
        self._observer.start()
        self._checker = threading.Thread(
            target=self._check_until_stopped, name="sohoa-watch-checker", daemon=True
        )
        self._checker.start()

    def stop(self) -> None:
        self._stopping.set()
        self._woken.set()
        observer, checker = self._observer, self._checker
        self._observer = self._checker = None
        if observer is not None:
            observer.stop()
            observer.join()
        if checker is not None and checker is not threading.current_thread():
            checker.join()

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    def _new_observer(self) -> BaseObserver:
        observer = (
            PollingObserver(timeout=self._poll_interval)
            if self._polling
            # watchdog's threads wake every `timeout` seconds to check for a stop; each
            # wake-up costs CPU, and stopping may take that long: five seconds is a fair trade.
            else Observer(timeout=_OBSERVER_TIMEOUT_SECONDS)
        )
        handler = InboxEventHandler(changed=self._changed, closed=self._closed, gone=self._gone)
        observer.schedule(handler, self._root, recursive=True, event_filter=WATCHED_EVENTS)
        return observer

    # Called on watchdog's thread.

    def _changed(self, path: Path) -> None:
        with self._lock:
            self._tracker.seen(path)
        self._woken.set()

    def _closed(self, path: Path) -> None:
        with self._lock:
            self._tracker.closed(path)
        self._woken.set()

    def _gone(self, path: Path) -> None:
        with self._lock:
            self._tracker.forget(path)
            self._refused.discard(path)
            self._failures.pop(path, None)

    # Called on the checker thread.

    def _check_until_stopped(self) -> None:
        next_rescan = time.monotonic()
        while not self._stopping.is_set():
            try:
                if time.monotonic() >= next_rescan:
                    self._rescan()
                    next_rescan = time.monotonic() + self._rescan_seconds
                self._offer_settled_files()
            except Exception:
                logger.exception("checking the inbox %s failed; will try again", self._root)
            self._sleep_until(next_rescan)

    def _sleep_until(self, next_rescan: float) -> None:
        """Look again soon while files settle; when none does, sleep until an event or the
        next rescan (each wake-up costs CPU, and an idle watcher must cost next to none)."""
        with self._lock:
            watching = self._tracker.watching
        timeout = CHECK_INTERVAL_SECONDS if watching else next_rescan - time.monotonic()
        self._woken.wait(max(timeout, 0.0))
        self._woken.clear()

    def _rescan(self) -> None:
        entries = list(entries_under(self._root))
        with self._lock:
            self._tracker.forget_vanished()
            self._refused = {path for path in self._refused if os.path.lexists(path)}
            self._failures = {
                path: count for path, count in self._failures.items() if os.path.lexists(path)
            }
            for path in entries:
                self._tracker.found(path)

    def _offer_settled_files(self) -> None:
        with self._lock:
            settled = self._tracker.due()
        for index, path in enumerate(settled):
            if self._stopping.is_set():
                self._forget(settled[index:])
                return
            outcome = route(self._root, path)
            if isinstance(outcome, Arrival):
                self._deliver(outcome)
            elif isinstance(outcome, Refusal):
                self._refuse(outcome)

    def _deliver(self, arrival: Arrival) -> None:
        with self._lock:
            self._refused.discard(arrival.path)
        try:
            self._on_arrival(arrival)
        except Exception as error:
            self._offer_again_later(arrival.path, error)
        else:
            with self._lock:
                self._failures.pop(arrival.path, None)

    def _offer_again_later(self, path: Path, error: Exception) -> None:
        with self._lock:
            failures = self._failures[path] = self._failures.get(path, 0) + 1
            wait = min(FIRST_RETRY_SECONDS * 2 ** (failures - 1), self._rescan_seconds)
            self._tracker.retry(path, wait)
        logger.error(
            "taking %s failed (%s); it stays in the inbox and is offered again in %g s",
            path,
            error,
            wait,
            # An error written for people says it all; any other needs its traceback.
            exc_info=None if isinstance(error, OSError | SohoaError) else error,
        )

    def _refuse(self, refusal: Refusal) -> None:
        with self._lock:
            if refusal.path in self._refused:
                return
            self._refused.add(refusal.path)
        try:
            self._on_refusal(refusal)
        except Exception:
            logger.exception("reporting the refusal of %s failed", refusal.path)
            self._gone(refusal.path)

    def _forget(self, paths: list[Path]) -> None:
        with self._lock:
            for path in paths:
                self._tracker.forget(path)
