"""`sohoa run` as a real process on a data directory of its own, and a look at its record."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import select

from store.database import Store
from store.schema import DocumentRecord, JobRecord
from store.states import JobStatus

SOHOA = Path(sys.executable).with_name("sohoa")


def environment(data_dir: Path, **settings: str) -> dict[str, str]:
    clean = {key: value for key, value in os.environ.items() if not key.startswith("SOHOA_")}
    # Port 0: each service under test gets a free port of its own for the web interface.
    # A configuration folder per data folder: the person logged in there (`sohoa login`).
    # English: the tests read the command line's messages as written in the code; the
    # Vietnamese of every command is checked on its own (tests/test_cli_language.py).
    return {
        **clean,
        "SOHOA_LANG": "en",
        "SOHOA_DATA_DIR": str(data_dir),
        "SOHOA_WEB__PORT": "0",
        "XDG_CONFIG_HOME": str(data_dir.parent / "config-home"),
        **settings,
    }


def sohoa(
    data_dir: Path, *arguments: str, timeout: float = 600, **settings: str
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(SOHOA), *arguments],
        cwd=data_dir.parent,
        env=environment(data_dir, **settings),
        capture_output=True,
        text=True,
        timeout=timeout,
    )


class Service:
    """`sohoa run --json` in the background; stopped (or killed) by the test."""

    def __init__(self, data_dir: Path, *arguments: str, **settings: str) -> None:
        self.data_dir = data_dir
        self.log = data_dir.parent / f"run-{time.monotonic_ns()}.log"
        with self.log.open("w") as log:
            self.process = subprocess.Popen(
                [str(SOHOA), "run", "--json", *arguments],
                cwd=data_dir.parent,
                env=environment(data_dir, **settings),
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        wait_for(lambda: "service.started" in self.log.read_text(), 60, self.log)

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=60)

    def kill(self) -> None:
        self.process.kill()
        self.process.wait(timeout=30)


def wait_for(condition: Callable[[], bool], seconds: float, log: Path | None = None) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            said = log.read_text()[-3000:] if log and log.exists() else ""
            raise AssertionError(f"not done within {seconds} s\n{said}")
        time.sleep(0.2)


def open_record(data_dir: Path) -> Store:
    return Store(f"sqlite:///{data_dir / 'sohoa.db'}")


def jobs_finished(data_dir: Path, expected_documents: int) -> bool:
    """At least `expected_documents` documents received and every job finished."""
    if not (data_dir / "sohoa.db").exists():
        return False
    store = open_record(data_dir)
    try:
        with store.reading() as session:
            documents = session.scalars(
                select(DocumentRecord.id).where(DocumentRecord.parent_id.is_(None))
            ).all()
            statuses = session.scalars(select(JobRecord.status)).all()
    finally:
        store.dispose()
    finished = all(JobStatus(status).finished for status in statuses)
    return len(documents) >= expected_documents and finished


def drop(staging: Path, inbox: Path) -> None:
    """Move every staged file into the inbox, each appearing whole (a rename)."""
    for path in sorted(p for p in staging.rglob("*") if p.is_file()):
        target = inbox / path.relative_to(staging)
        target.parent.mkdir(parents=True, exist_ok=True)
        path.rename(target)
