"""`sohoa run` on the Celery queue starts one `sohoa worker` beside itself (unless told
--no-workers), and stops it with the service."""

from __future__ import annotations

import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager

from service.i18n import current_language


@contextmanager
def worker_beside(start: bool) -> Iterator[None]:
    worker = _start_worker() if start else None
    try:
        yield
    finally:
        if worker is not None:
            worker.send_signal(signal.SIGTERM)  # Celery's warm shutdown: running tasks finish
            worker.wait()


def _start_worker() -> subprocess.Popen[bytes]:
    """`sohoa worker` beside this service, in its process group, sharing its settings."""
    language = current_language()
    return subprocess.Popen([sys.executable, "-m", "service.main", "--lang", language, "worker"])
