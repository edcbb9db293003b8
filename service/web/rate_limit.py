"""A sliding one-minute window of requests per client address, kept in memory."""

from __future__ import annotations

import threading
import time
from collections import defaultdict, deque


class RateLimiter:
    def __init__(self, per_minute: int) -> None:
        self.per_minute = per_minute
        self._seen: defaultdict[str, deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def allow(self, address: str) -> bool:
        now = time.monotonic()
        with self._lock:
            if len(self._seen) > 10_000:  # many addresses: forget the idle ones
                self._forget_idle(now)
            seen = self._seen[address]
            while seen and now - seen[0] > 60:
                seen.popleft()
            if len(seen) >= self.per_minute:
                return False
            seen.append(now)
            return True

    def _forget_idle(self, now: float) -> None:
        for address in [a for a, seen in self._seen.items() if not seen or now - seen[-1] > 60]:
            del self._seen[address]
