"""Scale-out: PostgreSQL, a broker and `sohoa worker` processes give what the embedded
default gives, and a worker killed mid-batch loses nothing and repeats nothing."""

from __future__ import annotations

import json
import shutil
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from store.database import Store
from store.schema import AuditRecord, DocumentRecord, JobRecord
from tests.support.drops import Drops
from tests.support.scale import scaled_out, snapshot, workers
from tests.support.service import Service, drop, open_record, sohoa, wait_for

pytestmark = pytest.mark.slow
INPUTS = 30


@pytest.fixture(scope="module")
def staged(tmp_path_factory: pytest.TempPathFactory, drops: Drops) -> Path:
    """30 mixed inputs: PDFs, JPEGs, PNGs, two-page TIFFs, a stack to split; tagged by
    folder, file name, QR code or text, or not at all."""
    staging = tmp_path_factory.mktemp("staging")
    drops.write(staging, INPUTS)
    return staging


def copy_into_inbox(staged: Path, data_dir: Path) -> None:
    shutil.copytree(staged, data_dir / "inbox", dirs_exist_ok=True)


def test_postgresql_and_two_celery_workers_give_what_the_embedded_default_gives(
    staged: Path, tmp_path: Path
) -> None:
    embedded = tmp_path / "embedded" / "var"
    copy_into_inbox(staged, embedded)
    done = sohoa(embedded, "run", "--once")
    assert done.returncode == 0, done.stderr
    store = open_record(embedded)
    try:
        expected = snapshot(store)
    finally:
        store.dispose()
    assert len(expected) == INPUTS

    scaled = tmp_path / "scaled" / "var"
    with scaled_out(scaled, "redis") as settings, workers(scaled, 2, **settings):
        copy_into_inbox(staged, scaled)
        done = sohoa(scaled, "run", "--once", "--no-workers", **settings)
        assert done.returncode == 0, done.stderr
        store = Store(settings["SOHOA_DATABASE_URL"])
        try:
            found = snapshot(store)
            with store.reading() as session:
                workers_used = set(session.scalars(select(JobRecord.worker)))
        finally:
            store.dispose()
    assert found == expected
    assert len({name.rsplit(":", 1)[0] for name in workers_used if name}) == 2  # both worked


@pytest.mark.parametrize("broker_kind", ["redis", "amqp"])
def test_a_worker_killed_mid_batch_loses_nothing_and_repeats_nothing(
    staged: Path, tmp_path: Path, broker_kind: str
) -> None:
    data_dir = tmp_path / "var"
    quick_leases = {"SOHOA_CELERY__LEASE_SECONDS": "3", "SOHOA_WATCH__SETTLE_SECONDS": "0.3"}
    with scaled_out(data_dir, broker_kind, **quick_leases) as settings:
        store = Store(settings["SOHOA_DATABASE_URL"])
        service = Service(data_dir, "--no-workers", **settings)
        try:
            with workers(data_dir, 2, **settings) as (doomed, _survivor):
                drop_inputs(staged, data_dir, 12)
                wait_for(lambda: running_in(store, doomed) and digitized(store) >= 2, 300)
                doomed.kill()
                wait_for(lambda: all_finished(store, 12), 300, service.log)
                wait_for(lambda: status(data_dir, settings)["workers_alive"] == 1, 30)
                said = status(data_dir, settings)
        finally:
            service.stop()
        with store.reading() as session:
            entries = session.scalars(
                select(AuditRecord.subject).where(AuditRecord.action == "document.digitized")
            ).all()
            outputs = session.scalars(
                select(DocumentRecord.output_path).where(DocumentRecord.status == "digitized")
            ).all()
            retried = session.scalars(select(JobRecord.attempts).where(JobRecord.attempts > 1))
            attempts = list(retried)
        store.dispose()
    assert entries and max(Counter(entries).values()) == 1  # each document digitized once
    assert len(outputs) == len(set(outputs)) == len(entries)
    on_disk = [path for path in (data_dir / "outputs").rglob("*.pdf")]
    assert len(on_disk) == len(outputs)  # no second output of a document
    assert attempts, "the killed worker's job was taken again"
    assert said["queue_depth"] == 0 and said["jobs"].get("done", 0) >= 12
    assert [w["alive"] for w in said["workers"] if w["kind"] == "celery"].count(False) == 1


def status(data_dir: Path, settings: dict[str, str]) -> dict[str, Any]:
    answer = sohoa(data_dir, "status", "--json", **settings)
    assert answer.returncode == 0, answer.stderr
    said: dict[str, Any] = json.loads(answer.stdout)
    return said


def drop_inputs(staged: Path, data_dir: Path, count: int) -> None:
    """The first `count` single-page inputs, each appearing whole in the inbox."""
    staging = data_dir.parent / "some"
    chosen = sorted(p for p in staged.rglob("*") if p.is_file() and "chong" not in p.name)
    for path in chosen[:count]:
        target = staging / path.relative_to(staged)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
    drop(staging, data_dir / "inbox")


def running_in(store: Store, worker: object) -> bool:
    with store.reading() as session:
        names = session.scalars(select(JobRecord.worker).where(JobRecord.status == "running"))
        pids = [int(name.split(":")[1]) for name in names if name]
    return any(worker.runs(pid) for pid in pids)  # type: ignore[attr-defined]


def digitized(store: Store) -> int:
    with store.reading() as session:
        return len(
            session.scalars(
                select(DocumentRecord.id).where(DocumentRecord.status == "digitized")
            ).all()
        )


def all_finished(store: Store, documents: int) -> bool:
    with store.reading() as session:
        statuses = session.scalars(select(JobRecord.status)).all()
    return len(statuses) >= documents and all(status in ("done", "failed") for status in statuses)
