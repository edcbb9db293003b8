"""Sohoa scaled out for tests: PostgreSQL, a broker, `sohoa worker` processes, and the
record read back as what a user compares (tags, text, pages)."""

from __future__ import annotations

import os
import signal
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import select

from store.database import Store
from store.schema import DocumentRecord, PageRecord
from tests.support.brokers import broker
from tests.support.databases import postgres_database
from tests.support.service import SOHOA, environment, sohoa

Snapshot = dict[str, list[tuple[str | None, str | None, str, int | None, tuple[str, ...]]]]


@contextmanager
def scaled_out(data_dir: Path, broker_kind: str, **settings: str) -> Iterator[dict[str, str]]:
    """The settings of a fresh PostgreSQL database and an empty broker, migrated."""
    with postgres_database() as url, broker(broker_kind) as broker_url:
        chosen = {
            "SOHOA_DATABASE_URL": url,
            "SOHOA_QUEUE": "celery",
            "SOHOA_BROKER_URL": broker_url,
            **settings,
        }
        data_dir.mkdir(parents=True, exist_ok=True)
        upgraded = sohoa(data_dir, "db", "upgrade", **chosen)
        assert upgraded.returncode == 0, upgraded.stderr
        yield chosen


class Worker:
    """`sohoa worker` in a session of its own, so that it can be killed with its children."""

    def __init__(self, data_dir: Path, concurrency: int, **settings: str) -> None:
        self.log = data_dir.parent / f"worker-{os.urandom(4).hex()}.log"
        with self.log.open("w") as log:
            self.process = subprocess.Popen(
                [str(SOHOA), "worker", "--concurrency", str(concurrency)],
                cwd=data_dir.parent,
                env=environment(data_dir, **settings),
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def runs(self, pid: int) -> bool:
        """Whether process `pid` is this worker or one of its children."""
        try:
            return os.getpgid(pid) == self.process.pid
        except ProcessLookupError:
            return False

    def kill(self) -> None:
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=120)
            except subprocess.TimeoutExpired:
                self.kill()


@contextmanager
def workers(data_dir: Path, count: int, **settings: str) -> Iterator[list[Worker]]:
    started = [Worker(data_dir, 1, **settings) for _ in range(count)]
    try:
        yield started
    finally:
        for worker in started:
            worker.stop()


def snapshot(store: Store) -> Snapshot:
    """Per inbox file: each output document's code, tag source, status, pages and page text."""
    found: Snapshot = {}
    with store.reading() as session:
        documents = session.scalars(select(DocumentRecord).order_by(DocumentRecord.id)).all()
        for document in documents:
            if document.status == "split":
                continue
            texts = tuple(
                session.scalars(
                    select(PageRecord.text)
                    .where(PageRecord.document_id == document.id)
                    .order_by(PageRecord.number)
                )
            )
            found.setdefault(document.inbox_path, []).append(
                (document.dossier_code, document.tag_source, document.status,
                 document.page_count, texts)
            )  # fmt: skip
    return {path: sorted(entries, key=repr) for path, entries in found.items()}
