"""`sohoa run` end to end: a day's drop is archived, OCR'd, tagged and split; nothing is lost."""

from __future__ import annotations

import hashlib
import sqlite3
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from store.schema import DocumentRecord
from store.states import DocumentStatus
from tests.conftest import pdftotext, qpdf_check
from tests.support.drops import UNIT, Drops
from tests.support.pages import make_page, save_jpeg, scanned
from tests.support.service import Service, drop, jobs_finished, open_record, sohoa, wait_for

pytestmark = pytest.mark.slow
# Fifteen single files, each way of tagging three times, and the stack to split: what is
# checked is that each file ends where it should, not how many there are.
DAYS_DROP = 16


def test_a_days_drop_is_archived_ocrd_tagged_and_split(tmp_path: Path, drops: Drops) -> None:
    data_dir = tmp_path / "var"
    expected = drops.write(tmp_path / "staging", DAYS_DROP)
    service = Service(data_dir, SOHOA_WATCH__SETTLE_SECONDS="0.5")
    try:
        drop(tmp_path / "staging", data_dir / "inbox")
        wait_for(lambda: jobs_finished(data_dir, DAYS_DROP), 600, service.log)
    finally:
        service.stop()
    assert not [path for path in (data_dir / "inbox").rglob("*") if path.is_file()]
    outputs = _outputs_by_inbox_path(data_dir)
    for item in expected:
        assert (item.code, item.source, item.pages) in outputs[item.inbox_path], item
    _assert_archived_and_readable(data_dir)
    _assert_stack_split(data_dir)
    assert sohoa(data_dir, "audit", "verify").returncode == 0


def test_a_killed_service_resumes_and_processes_every_file_once(
    tmp_path: Path, drops: Drops
) -> None:
    data_dir = tmp_path / "var"
    expected = drops.write(tmp_path / "staging", 12)
    drop(tmp_path / "staging", data_dir / "inbox")  # waiting before start-up
    service = Service(data_dir, SOHOA_WATCH__SETTLE_SECONDS="0.3")
    wait_for(lambda: _digitized_count(data_dir) >= 2, 300, service.log)
    service.kill()
    assert not jobs_finished(data_dir, 12), "the kill came too late to test anything"
    half_made = data_dir / "archive" / "incoming" / "tmp1234.partial"  # a copy cut short
    half_made.write_bytes(b"%PDF-1.7 the first bytes of a scan")

    completed = sohoa(data_dir, "run", "--once")
    assert completed.returncode == 0, completed.stderr

    assert jobs_finished(data_dir, 12)
    outputs = _outputs_by_inbox_path(data_dir)
    assert sum(len(found) for found in outputs.values()) == len(expected)
    for item in expected:
        assert (item.code, item.source, item.pages) in outputs[item.inbox_path], item
    written = [path for path in (data_dir / "outputs").rglob("*") if path.is_file()]
    assert len(written) == len(expected), "each document has exactly one output"
    assert not [path for path in (data_dir / "inbox").rglob("*") if path.is_file()]
    assert not half_made.exists(), "a half-made archive copy is removed at start-up"
    assert sohoa(data_dir, "audit", "verify").returncode == 0
    assert sohoa(data_dir, "check").returncode == 0


def test_a_file_copied_slowly_is_taken_only_when_complete(tmp_path: Path, words: list[str]) -> None:
    data_dir = tmp_path / "var"
    source = save_jpeg(scanned(make_page(words, lines=4, seed=5).image), tmp_path / "slow.jpg")
    content = source.read_bytes()
    target = data_dir / "inbox" / UNIT / "intake" / "slow.jpg"
    service = Service(data_dir, SOHOA_WATCH__SETTLE_SECONDS="1.0")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        chunk = len(content) // 8 + 1
        with target.open("wb") as writing:
            for start in range(0, len(content), chunk):
                writing.write(content[start : start + chunk])
                writing.flush()
                time.sleep(0.5)  # shorter than the settle time: still being copied
        wait_for(lambda: jobs_finished(data_dir, 1), 120, service.log)
    finally:
        service.stop()
    with open_record(data_dir).reading() as session:
        documents = session.scalars(select(DocumentRecord)).all()
    assert [document.sha256 for document in documents] == [hashlib.sha256(content).hexdigest()]
    assert documents[0].status == DocumentStatus.DIGITIZED


def test_editing_an_audit_row_in_the_database_file_is_detected(
    tmp_path: Path, words: list[str]
) -> None:
    data_dir = tmp_path / "var"
    intake = data_dir / "inbox" / UNIT / "intake"
    intake.mkdir(parents=True)
    save_jpeg(scanned(make_page(words, lines=3, seed=8).image), intake / "a.jpg")
    assert sohoa(data_dir, "run", "--once").returncode == 0
    assert sohoa(data_dir, "audit", "verify").returncode == 0
    with sqlite3.connect(data_dir / "sohoa.db") as database:
        database.execute("DROP TRIGGER audit_entries_no_update")
        database.execute("UPDATE audit_entries SET actor = 'someone' WHERE id = 2")
    checked = sohoa(data_dir, "audit", "verify")
    assert checked.returncode != 0
    assert "entry 2" in checked.stdout


def _outputs_by_inbox_path(data_dir: Path) -> dict[str, list[tuple[str | None, str | None, int]]]:
    found: dict[str, list[tuple[str | None, str | None, int]]] = {}
    with open_record(data_dir).reading() as session:
        for document in session.scalars(
            select(DocumentRecord).where(DocumentRecord.status == DocumentStatus.DIGITIZED)
        ):
            entry = (document.dossier_code, document.tag_source, document.page_count or 0)
            found.setdefault(document.inbox_path, []).append(entry)
    return found


def _assert_archived_and_readable(data_dir: Path) -> None:
    with open_record(data_dir).reading() as session:
        documents = session.scalars(select(DocumentRecord)).all()
    for document in documents:
        original = data_dir / document.archive_path
        assert hashlib.sha256(original.read_bytes()).hexdigest() == document.sha256 or (
            document.parent_id is not None
        )
        if document.status == DocumentStatus.DIGITIZED:
            assert document.output_path is not None
            output = data_dir / document.output_path
            assert qpdf_check(output).returncode == 0
            assert pdftotext(output).strip()


def _assert_stack_split(data_dir: Path) -> None:
    with open_record(data_dir).reading() as session:
        stack = session.scalars(
            select(DocumentRecord).where(DocumentRecord.original_name == "chong-ho-so.pdf")
        ).one()
        parts = session.scalars(
            select(DocumentRecord).where(DocumentRecord.parent_id == stack.id)
        ).all()
    assert stack.status == DocumentStatus.SPLIT and stack.page_count == 5
    assert sorted(part.parent_pages or "" for part in parts) == ["2,3", "5"]


def _digitized_count(data_dir: Path) -> int:
    if not (data_dir / "sohoa.db").exists():
        return 0
    try:
        with sqlite3.connect(f"file:{data_dir / 'sohoa.db'}?mode=ro", uri=True) as database:
            row = database.execute(
                "SELECT count(*) FROM documents WHERE status = 'digitized'"
            ).fetchone()
    except sqlite3.OperationalError:
        return 0
    return int(row[0])
