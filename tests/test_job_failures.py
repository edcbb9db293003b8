"""Failed jobs: passing trouble is retried with doubling waits, the rest set aside with reasons."""

from __future__ import annotations

import os
import socket
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

import pytest
from sqlalchemy import select

from config import load_settings
from digitizer import CorruptFileError, FileAccessError
from intake.claims import claim
from intake.context import IntakeContext
from intake.failures import fail
from intake.flow import run_digitize
from intake.register import IncomingFile, Registered, register
from runtime.queue import LocalQueue
from runtime.resume import resume_unfinished
from service.compose import open_job_process
from store.database import StoreUnavailableError
from store.schema import AuditRecord, DocumentRecord, JobRecord
from store.states import DocumentKind, DocumentStatus, JobStatus


@pytest.fixture
def services(tmp_path: Path) -> Iterator[IntakeContext]:
    """A digitizing context whose queue keeps jobs in the record: the test runs them."""
    settings = load_settings(data_dir=tmp_path / "var")
    opened = open_job_process(settings, "deferred", sign=False)
    assert opened.intake is not None
    yield opened.intake
    opened.close()


def _received(services: IntakeContext, name: str = "don.pdf") -> int:
    inbox = services.layout.inbox / "u1" / "intake"
    inbox.mkdir(parents=True, exist_ok=True)
    (inbox / name).write_bytes(b"%PDF-1.7 " + name.encode())
    relative = PurePosixPath(f"u1/intake/{name}")
    outcome = register(
        services, IncomingFile(inbox / name, relative, "u1", DocumentKind.INTAKE, None)
    )
    assert isinstance(outcome, Registered)
    return outcome.job_id


def test_passing_trouble_is_retried_later_with_doubling_waits(services: IntakeContext) -> None:
    job_id = _received(services)
    waits = []
    for _ in range(services.settings.jobs.max_attempts - 1):
        claimed = claim(services, job_id)
        assert claimed is not None
        before = datetime.now(UTC)
        fail(services, claimed, FileAccessError("don.pdf", "the disk is busy"), Path())
        with services.store.reading() as session:
            job = session.get_one(JobRecord, job_id)
        assert job.status == JobStatus.WAITING_RETRY and job.retry_at is not None
        assert job.last_error == "don.pdf: the disk is busy"
        waits.append(round((job.retry_at - before).total_seconds()))
    base = services.settings.jobs.retry_seconds
    assert waits == [round(base * 2**n) for n in range(len(waits))]
    claimed = claim(services, job_id)
    assert claimed is not None
    fail(services, claimed, FileAccessError("don.pdf", "the disk is busy"), Path())
    with services.store.reading() as session:
        assert session.get_one(JobRecord, job_id).status == JobStatus.FAILED


def test_power_cuts_under_a_job_do_not_use_up_its_tries_for_trouble(
    services: IntakeContext,
) -> None:
    """A job whose worker died under it as many times as it may meet trouble is still
    tried again when trouble comes: the interruptions are counted apart."""
    job_id = _received(services, "mat-dien.pdf")
    for _ in range(services.settings.jobs.max_attempts):
        assert claim(services, job_id) is not None  # the service dies under it
        _expire_lease(services, job_id)
    claimed = claim(services, job_id)
    assert claimed is not None and claimed.interruptions == services.settings.jobs.max_attempts
    fail(services, claimed, FileAccessError("mat-dien.pdf", "the disk is busy"), Path())
    with services.store.reading() as session:
        assert session.get_one(JobRecord, job_id).status == JobStatus.WAITING_RETRY


def test_a_file_that_can_never_be_read_is_quarantined_at_once(services: IntakeContext) -> None:
    job_id = _received(services, "hong.pdf")
    claimed = claim(services, job_id)
    assert claimed is not None
    fail(services, claimed, CorruptFileError("x/hong.pdf", "the PDF is damaged"), Path())
    with services.store.reading() as session:
        job = session.get_one(JobRecord, job_id)
        document = session.get_one(DocumentRecord, claimed.document_id)
        actions = session.scalars(select(AuditRecord.action)).all()
    assert (job.status, job.attempts) == (JobStatus.FAILED, 1)
    assert document.status == DocumentStatus.QUARANTINED
    assert "document.quarantined" in actions
    kept = services.layout.quarantine / "u1" / "hong.pdf"
    assert kept.read_bytes() == b"%PDF-1.7 hong.pdf"
    reason = kept.with_name("hong.pdf.reason.txt").read_text(encoding="utf-8")
    assert "Lý do: Tệp bị hỏng" in reason and "Reason: hong.pdf: the PDF is damaged" in reason
    assert claim(services, job_id) is None, "a finished job is not run again"


def test_a_job_held_by_a_live_worker_is_not_taken_and_a_dead_workers_job_is(
    services: IntakeContext,
) -> None:
    job_id = _received(services)
    assert claim(services, job_id) is not None  # a worker holds it, lease running
    assert claim(services, job_id) is None, "a second worker must not take a held job"
    _expire_lease(services, job_id)
    retaken = claim(services, job_id)
    assert retaken is not None and retaken.attempt == 2


def test_a_job_whose_workers_keep_dying_is_set_aside_with_the_reason(
    services: IntakeContext,
) -> None:
    job_id = _received(services, "nang.pdf")
    for _ in range(services.settings.jobs.max_interruptions):
        assert claim(services, job_id) is not None  # the worker dies under it
        _expire_lease(services, job_id)
    run_digitize(services, job_id)
    with services.store.reading() as session:
        job = session.get_one(JobRecord, job_id)
        document = session.get_one(DocumentRecord, job.document_id)
    assert job.status == JobStatus.FAILED and document.status == DocumentStatus.QUARANTINED
    assert f"stopped {services.settings.jobs.max_interruptions} times" in (job.last_error or "")
    reason = services.layout.quarantine / "u1" / "nang.pdf.reason.txt"
    assert "stopped" in reason.read_text(encoding="utf-8")


def test_at_start_up_a_dead_services_jobs_are_freed_but_not_those_taken_since(
    services: IntakeContext,
) -> None:
    left_running = _received(services, "a.pdf")
    assert claim(services, left_running) is not None
    with services.store.writing() as session:  # by the service before this one, now dead
        job = session.get_one(JobRecord, left_running)
        job.worker = f"{socket.gethostname()}:{os.getpid() + 1}:sohoa-job_0"
    taken_since = _received(services, "b.pdf")
    assert claim(services, taken_since) is not None  # say, handed back by the heartbeat
    resume_unfinished(services.store, services.queue, only_worker=True)
    assert claim(services, taken_since) is None, "a job running here was taken a second time"
    assert claim(services, left_running) is not None


def test_a_job_that_cannot_reach_the_record_is_run_again_and_any_other_error_is_logged(
    caplog: pytest.LogCaptureFixture,
) -> None:
    runs: list[int] = []
    done = threading.Semaphore(0)

    def run_job(job_id: int) -> None:
        runs.append(job_id)
        if job_id == 1 and runs.count(1) < 3:
            raise StoreUnavailableError("the database could not be used (connection refused)")
        done.release()
        if job_id == 2:
            raise ValueError("a fault of the code")

    queue = LocalQueue(run_job, workers=1, retry_seconds=0.05)
    try:
        queue.submit(1)
        assert done.acquire(timeout=5), runs
        queue.submit(2)
        assert done.acquire(timeout=5), runs
    finally:
        queue.close()
    assert runs == [1, 1, 1, 2], "retried until it ran; the other error not retried"
    assert "could not run (the database could not be used" in caplog.text
    assert "job 2 stopped on an unexpected error" in caplog.text
    assert "a fault of the code" in caplog.text


def _expire_lease(services: IntakeContext, job_id: int) -> None:
    with services.store.writing() as session:
        session.get_one(JobRecord, job_id).lease_until = datetime.now(UTC)
