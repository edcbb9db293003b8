"""The database busy or gone for a while under `sohoa run`: nothing is lost meanwhile, and
once it is back every file is processed once.

Busy: another program holds SQLite's write lock for seconds (a backup, a `sqlite3` shell
left in a transaction). Gone: PostgreSQL behind a line severed for seconds, its
connections dropped and new ones refused. An embedded SQLite has no server or line to lose:
what takes it from a running service is the disk under its file, here a small disk of its
own filled up, so that every write fails ("database or disk is full") while reads work.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Protocol

import pytest

from tests.support.brokers import broker
from tests.support.faults import (
    assert_each_processed_once,
    assert_nothing_lost,
    database,
    fill,
    move_into,
    need_root,
    running,
    small_disk,
    wait_until,
    wait_until_processed,
    write_scans,
)
from tests.support.severable_line import SeverableLine

pytestmark = pytest.mark.slow
FAULT_SECONDS = 4.0


def test_files_arriving_while_another_program_holds_the_write_lock_are_each_done_once(
    tmp_path: Path,
) -> None:
    data_dir, staging = tmp_path / "var", tmp_path / "staging"
    originals = write_scans(staging, 4)
    with running(data_dir) as service:
        holder = sqlite3.connect(data_dir / "sohoa.db", isolation_level=None)
        try:
            holder.execute("BEGIN EXCLUSIVE")
            for original in originals:
                move_into(data_dir / "inbox", staging, original)
            time.sleep(FAULT_SECONDS)
            assert not service.said("document.received"), "the lock was not held"
            assert_nothing_lost(data_dir, originals)
        finally:
            holder.execute("ROLLBACK")
            holder.close()
        wait_until_processed(data_dir, {}, len(originals), 60, service.log)
    assert_each_processed_once(data_dir, originals, {})


@pytest.mark.parametrize("kind", ["sqlite", "postgresql", "postgresql-celery"])
def test_files_arriving_while_the_database_is_gone_are_each_done_once_it_is_back(
    tmp_path: Path, kind: str
) -> None:
    """With "postgresql-celery" the jobs run in a `sohoa worker` beside the service, whose
    tasks must be sent again when they cannot reach the record."""
    data_dir, staging = tmp_path / "var", tmp_path / "staging"
    originals = write_scans(staging, 6)
    first, later = originals[:3], originals[3:]
    with ExitStack() as stack:
        record, fault = stack.enter_context(gone_database(kind.split("-")[0], data_dir))
        queue = stack.enter_context(_queue(kind))
        # One document at a time: when the fault begins, one job runs and the others wait
        # in the queue.
        one_at_a_time = {"SOHOA_JOBS__DOCUMENTS_AT_ONCE": "1", **queue}
        with running(data_dir, **fault.settings, **one_at_a_time) as service:
            for original in first:
                move_into(data_dir / "inbox", staging, original)
            wait_until(lambda: _received(service.log) == len(first), 30, service)
            fault.begin()
            for original in later:
                move_into(data_dir / "inbox", staging, original)
            time.sleep(FAULT_SECONDS)
            assert_nothing_lost(data_dir, originals)
            fault.end()
            wait_until_processed(data_dir, record, len(originals), 90, service.log)
            assert service.said("stays in the inbox"), "the fault was not felt"
        assert_each_processed_once(data_dir, originals, record)


@contextmanager
def _queue(kind: str) -> Iterator[dict[str, str]]:
    if not kind.endswith("celery"):
        yield {}
        return
    with broker("redis") as url:
        yield {"SOHOA_QUEUE": "celery", "SOHOA_BROKER_URL": url}


class Fault(Protocol):
    settings: dict[str, str]  # what the service is started with

    def begin(self) -> None: ...

    def end(self) -> None: ...


@contextmanager
def gone_database(kind: str, data_dir: Path) -> Iterator[tuple[dict[str, str], Fault]]:
    """The settings the test reads the record with, and the fault."""
    if kind == "sqlite":
        need_root()
        with small_disk(data_dir.parent / "database-disk", 4) as disk:
            full = FullDiskUnderSqlite(disk)
            yield full.settings, full
        return
    with database(kind, data_dir) as record, SeverableLine(record["SOHOA_DATABASE_URL"]) as line:
        yield record, SeveredPostgres(line)


class SeveredPostgres:
    def __init__(self, line: SeverableLine) -> None:
        self.line = line
        self.settings = {"SOHOA_DATABASE_URL": line.url}

    def begin(self) -> None:
        self.line.sever()

    def end(self) -> None:
        self.line.mend()


class FullDiskUnderSqlite:
    def __init__(self, disk: Path) -> None:
        self.disk = disk
        self.database = disk / "sohoa.db"
        self.settings = {"SOHOA_DATABASE_URL": f"sqlite:///{self.database}"}

    def begin(self) -> None:
        """The write-ahead log emptied (else writes could reuse its room), then the disk
        filled."""
        with sqlite3.connect(self.database, timeout=30) as connection:
            while connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]:
                time.sleep(0.05)  # a transaction of the service's was in the way
        self.filler = fill(self.disk, 0)

    def end(self) -> None:
        self.filler.unlink()


def _received(log: Path) -> int:
    return log.read_text().count('"event": "document.received"')
