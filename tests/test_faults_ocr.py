"""Tesseract killed in the middle of a page: the job is tried again and the document is
digitized once, with the text of every page."""

from __future__ import annotations

import contextlib
import os
import signal
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from store.schema import AuditRecord, DocumentRecord, JobRecord, PageRecord
from tests.support.faults import (
    GroupService,
    assert_each_processed_once,
    move_into,
    running,
    store_of,
    wait_until_processed,
    write_scans,
)

pytestmark = pytest.mark.slow


def test_tesseract_killed_mid_page_is_retried_and_the_document_digitized_once(
    tmp_path: Path,
) -> None:
    data_dir, staging = tmp_path / "var", tmp_path / "staging"
    (original,) = write_scans(staging, 1, pages=4)
    with running(data_dir) as service:
        move_into(data_dir / "inbox", staging, original)
        killed = _kill_tesseract_when_it_runs(service)
        wait_until_processed(data_dir, {}, 1, 60, service.log)
    print(f"killed Tesseract processes {killed}")
    assert_each_processed_once(data_dir, [original], {})
    store = store_of(data_dir, {})
    with store.reading() as session:
        document = session.scalars(select(DocumentRecord)).one()
        texts = session.scalars(
            select(PageRecord.text)
            .where(PageRecord.document_id == document.id)
            .order_by(PageRecord.number)
        ).all()
        job = session.scalars(select(JobRecord)).one()
        retries = session.scalars(
            select(AuditRecord.details).where(AuditRecord.action == "job.retry_scheduled")
        ).all()
    store.dispose()
    assert len(texts) == len(original.page_words)
    for text, word in zip(texts, original.page_words, strict=True):
        assert word in text
    assert job.attempts >= 2, "the kill came too late to test anything"
    assert retries and "Tesseract" in retries[0], retries


def _kill_tesseract_when_it_runs(service: GroupService) -> list[int]:
    """SIGKILL the service's Tesseract processes while they read pages, until the job fails
    for it (a process caught as it exits would not fail it)."""
    killed: list[int] = []
    deadline = time.monotonic() + 30
    while not (service.said("job.retry_scheduled") or service.said("document.quarantined")):
        if time.monotonic() > deadline:
            raise AssertionError(f"no Tesseract was killed reading\n{service.log.read_text()}")
        for pid in service.children_named("tesseract"):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
                killed.append(pid)
        time.sleep(0.005)
    return killed
