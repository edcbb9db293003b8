"""When a file in the inbox is complete: its size and mtime have held still long enough.

A copy over the network may pause, and a writer may close a file and open it again, so
neither an event nor one look at the file is proof. The tracker compares what it sees
between looks; it has no threads of its own and is driven by the watcher.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

# After a close-after-write a second look this much later must agree before the file is
# taken: the writer may have reopened it at once.
RECHECK_AFTER_CLOSE_SECONDS = 0.2

Version = tuple[int, int]  # (size, mtime_ns)


@dataclass
class _Candidate:
    wait: float
    version: Version | None = None  # None until the first look after the latest event
    unchanged_since: float = 0.0


class StabilityTracker:
    def __init__(self, settle_seconds: float, clock: Callable[[], float] = time.monotonic) -> None:
        self._settle_seconds = settle_seconds
        self._clock = clock
        self._candidates: dict[Path, _Candidate] = {}
        self._delivered: dict[Path, Version] = {}

    def seen(self, path: Path) -> None:
        """Something happened to the file: wait until it holds still for `settle_seconds`."""
        self._candidates[path] = _Candidate(wait=self._settle_seconds)

    def closed(self, path: Path) -> None:
        """The writer closed the file: one short re-check is enough if nothing changes."""
        self._candidates[path] = _Candidate(wait=RECHECK_AFTER_CLOSE_SECONDS)

    def found(self, path: Path) -> None:
        """A full scan found the file: a candidate, unless it is one or was delivered as is."""
        if path not in self._candidates and self._delivered.get(path) != _version_of(path):
            self.seen(path)

    def retry(self, path: Path, after_seconds: float) -> None:
        """Taking the file failed: offer it again once it has held still `after_seconds`."""
        self._delivered.pop(path, None)
        self._candidates[path] = _Candidate(wait=after_seconds)

    def forget(self, path: Path) -> None:
        """Drop the file, including which version was delivered: it may be offered again."""
        self._candidates.pop(path, None)
        self._delivered.pop(path, None)

    def forget_vanished(self) -> None:
        """Forget delivered files that are gone, so a new file of the same name is taken."""
        for path in [path for path in self._delivered if _version_of(path) is None]:
            del self._delivered[path]

    @property
    def watching(self) -> bool:
        """Whether some file is still waiting to settle."""
        return bool(self._candidates)

    def due(self, now: float | None = None) -> list[Path]:
        """Files that have held still long enough, each version only once."""
        now = self._clock() if now is None else now
        ready = []
        for path, candidate in list(self._candidates.items()):
            version = _version_of(path)
            if version is None:
                self.forget(path)
            elif version != candidate.version:
                self._note_change(candidate, version, now)
            elif now - candidate.unchanged_since >= candidate.wait:
                del self._candidates[path]
                if self._delivered.get(path) != version:
                    self._delivered[path] = version
                    ready.append(path)
        return ready

    def _note_change(self, candidate: _Candidate, version: Version, now: float) -> None:
        if candidate.version is not None:
            # It changed after the event that made it a candidate: a close-write no
            # longer vouches for it, so it must settle like any other file.
            candidate.wait = self._settle_seconds
        candidate.version = version
        candidate.unchanged_since = now


def _version_of(path: Path) -> Version | None:
    try:
        status = os.lstat(path)
    except OSError:
        return None
    return status.st_size, status.st_mtime_ns
