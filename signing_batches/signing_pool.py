"""Signing in worker processes: pyHanko is pure Python, so threads would share one core.

Each worker process opens a profile's key once, on its first signature, and keeps it.
The processes start on the first signature, not with the service.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from config import SohoaError
from store.archive import sha256_of

if TYPE_CHECKING:
    from signing.profiles import SigningProfile


class SigningWorkerLostError(SohoaError):
    """A signing process died (a crashed token driver, the system killing it)."""

    retryable = True


@dataclass(frozen=True)
class SignOutcome:
    source_sha256: str
    signed_sha256: str | None
    """None when the source was not the expected bytes, and so was not signed."""


def sign_if_unchanged(
    source: Path,
    staged: Path,
    profile: SigningProfile,
    field_name: str,
    scanned_at: dt.datetime | None,
    expected_sha256: str | None,
    page_one: str | None = None,
) -> SignOutcome:
    """Sign `source` into `staged` only if its bytes are still the expected ones;
    `page_one` is what was kept of its page 1 when it was written (`signing.page_one`)."""
    from signing.sign import sign_pdf  # pyHanko loads in the signing processes only

    current = sha256_of(source)
    if current != expected_sha256:
        return SignOutcome(current, None)
    sign_pdf(
        source, staged, profile, field_name=field_name, scanned_at=scanned_at, page_one=page_one
    )
    return SignOutcome(current, sha256_of(staged))


class SigningPool:
    def __init__(self, workers: int) -> None:
        self._workers = workers
        self._lock = threading.Lock()
        self._pool: ProcessPoolExecutor | None = None

    def sign_if_unchanged(
        self,
        source: Path,
        staged: Path,
        profile: SigningProfile,
        field_name: str,
        scanned_at: dt.datetime | None,
        expected_sha256: str | None,
        page_one: str | None = None,
    ) -> SignOutcome:
        arguments = (source, staged, profile, field_name, scanned_at, expected_sha256, page_one)
        if self._workers == 0:
            return sign_if_unchanged(*arguments)
        pool = self._started()
        try:
            return pool.submit(sign_if_unchanged, *arguments).result()
        except BrokenProcessPool:
            self._forget(pool)
            raise SigningWorkerLostError(
                f"The process signing {source.name} stopped unexpectedly; it will be tried again.",
                code="signing.worker_lost",
                params={"file": source.name},
            ) from None

    def close(self) -> None:
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)

    def _started(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._pool is None:
                # Spawned, not forked: token libraries do not survive a fork.
                context = multiprocessing.get_context("spawn")
                self._pool = ProcessPoolExecutor(self._workers, mp_context=context)
            return self._pool

    def _forget(self, broken: ProcessPoolExecutor) -> None:
        with self._lock:
            if self._pool is broken:
                self._pool = None
        broken.shutdown(wait=False, cancel_futures=True)
