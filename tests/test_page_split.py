"""A long document OCR'd range by range on several workers, then assembled once."""

from __future__ import annotations

import json
import shutil
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path, PurePosixPath
from typing import Any

import img2pdf
import pytesseract
import pytest
from PIL import Image
from sqlalchemy import select

from config import load_settings
from digitizer import (
    DigitizeOptions,
    Digitizer,
    DigitizeResult,
    load_page_read,
    save_page_read,
    saved_page_numbers,
)
from intake.context import IntakeContext
from intake.page_tasks import pages_folder, redispatch_stalled, run_page_range
from intake.register import IncomingFile, Registered, register
from runtime.kinds import JobKinds
from service.compose import open_job_process
from store.audit import verify_chain
from store.schema import AuditRecord, DocumentRecord, JobRecord, PageRecord
from store.states import DocumentKind, DocumentStatus, JobStatus
from tests.conftest import pdftotext, qpdf_check
from tests.support.drops import paper

DPI = 100  # low, to keep the OCR quick; the same for every way of reading
RANGES = ((1, 2), (3, 4), (5, 6))


@pytest.fixture(scope="module")
def pictures(words: list[str]) -> list[Image.Image]:
    """Six scanned pages with a few lines of Vietnamese each, at `DPI`."""
    size = (round(8.27 * DPI), round(11.69 * DPI))
    return [paper(words, seed).resize(size) for seed in range(6)]


@pytest.fixture(scope="module")
def six_page_pdf(pictures: list[Image.Image], tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _pdf_of(pictures, tmp_path_factory.mktemp("input") / "sau-trang.pdf")


@pytest.fixture(scope="module")
def digitizer() -> Iterator[Digitizer]:
    with Digitizer(DigitizeOptions(jobs=2)) as opened:
        yield opened


@dataclass(frozen=True)
class ReadInRanges:
    whole: DigitizeResult
    folder: Path


@pytest.fixture(scope="module")
def read_in_ranges(
    digitizer: Digitizer, six_page_pdf: Path, tmp_path_factory: pytest.TempPathFactory
) -> ReadInRanges:
    """The whole document digitized in one go, and its pages read in ranges and saved."""
    work = tmp_path_factory.mktemp("ranges")
    whole = digitizer.digitize(six_page_pdf, work / "whole.pdf")
    folder = work / "pages"
    for first, last in RANGES:
        for read in digitizer.read_pages(six_page_pdf, first, last):
            save_page_read(folder, read)
    return ReadInRanges(whole, folder)


class PagesCounted:
    def __init__(self) -> None:
        self.done = 0

    def pages_found(self, count: int) -> None:
        pass

    def page_done(self) -> None:
        self.done += 1


def test_pages_read_in_ranges_assemble_into_the_whole_runs_output_without_ocr(
    digitizer: Digitizer,
    six_page_pdf: Path,
    read_in_ranges: ReadInRanges,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    done = {number: load_page_read(read_in_ranges.folder, number) for number in range(1, 7)}
    assert all(read is not None and read.ocr is not None for read in done.values())
    # Tesseract is out of reach while assembling: a single OCR run would fail the document.
    monkeypatch.setattr(pytesseract.pytesseract, "tesseract_cmd", str(tmp_path / "none"))
    counted = PagesCounted()

    assembled = digitizer.digitize(
        six_page_pdf,
        tmp_path / "assembled.pdf",
        counted,
        done_pages={number: read for number, read in done.items() if read is not None},
    )

    whole = read_in_ranges.whole
    assert counted.done == 0
    assert len(assembled.pages) == len(whole.pages) == 6
    assert [page.text for page in assembled.pages] == [page.text for page in whole.pages]
    assert all(page.characters > 20 for page in assembled.pages)
    assert assembled.pages == whole.pages
    assert (assembled.output_kind, assembled.notes) == (whole.output_kind, whole.notes)
    assert qpdf_check(assembled.output_path).returncode == 0
    assert pdftotext(assembled.output_path) == pdftotext(whole.output_path)


def test_a_damaged_or_partial_saved_read_is_detected_and_not_used(
    read_in_ranges: ReadInRanges, tmp_path: Path
) -> None:
    folder = tmp_path / "pages"
    shutil.copytree(read_in_ranges.folder, folder)
    saved = {
        number: json.loads((folder / f"page-{number:05d}.json").read_text())
        for number in (1, 2, 3, 4)
    }
    layer = folder / saved[1]["ocr"]["layer"]
    layer.write_bytes(layer.read_bytes()[: layer.stat().st_size // 2])  # a layer cut short
    json_2 = folder / "page-00002.json"
    json_2.write_bytes(json_2.read_bytes()[:40])  # a record cut short
    (folder / saved[3]["ocr"]["layer"]).unlink()  # a layer gone
    shutil.copyfile(folder / "page-00005.json", folder / "page-00004.json")  # another page's
    (folder / ".page-00007.json.x1.partial").write_text("{")  # a write that never finished

    assert saved_page_numbers(folder) == {1, 2, 3, 4, 5, 6}
    for number in (1, 2, 3, 4):
        assert load_page_read(folder, number) is None, number
    for number in (5, 6):
        read = load_page_read(folder, number)
        assert read is not None and read.ocr is not None and read.ocr.text


# The jobs: a real queue of this process, carrying what a broker would carry.


@dataclass(frozen=True)
class Message:
    job_id: int
    pages: tuple[int, int] | None = None  # a page task's range; None: run the job
    delay: float = 0.0


class InProcessQueue:
    """Jobs and page tasks sent wait in order, as on a broker, until the test runs them;
    each runs what a Celery worker runs for it."""

    spreads_parts = True

    def __init__(self, kinds: JobKinds) -> None:
        self.kinds = kinds
        self.waiting: deque[Message] = deque()

    def submit(self, job_id: int, *, delay: float = 0.0) -> None:
        self.waiting.append(Message(job_id, delay=delay))

    def submit_part(self, job_id: int, first: int, last: int) -> None:
        self.waiting.append(Message(job_id, (first, last)))

    def pending(self) -> int:
        return len(self.waiting)

    def close(self) -> None:
        self.waiting.clear()

    def run_next(self) -> Message:
        message = self.waiting.popleft()
        if message.pages is None:
            self.kinds.run(message.job_id)
        else:
            self.kinds.run_part(message.job_id, *message.pages)
        return message

    def drain(self) -> None:
        while self.waiting:
            self.run_next()


@pytest.fixture
def services(tmp_path: Path) -> Iterator[IntakeContext]:
    settings = load_settings(
        data_dir=tmp_path / "var",
        ocr={"jobs": 2},
        celery={"pages_per_task": 2},
        limits={"max_page_megapixels": 2},
    )
    opened = open_job_process(settings, InProcessQueue, signing_processes=0)
    assert opened.intake is not None
    yield opened.intake
    opened.close()


def _queue(services: IntakeContext) -> InProcessQueue:
    assert isinstance(services.queue, InProcessQueue)
    return services.queue


def test_a_long_document_is_read_by_page_tasks_and_assembled_once(
    services: IntakeContext, six_page_pdf: Path, read_in_ranges: ReadInRanges
) -> None:
    queue = _queue(services)
    job_id = _receive(services, six_page_pdf)
    assert queue.run_next() == Message(job_id)

    job = _job(services, job_id)
    assert (job.status, job.lease_until) == (JobStatus.WAITING_PAGES, None)
    assert _audited(services, "job.pages_dispatched") == [
        {"pages": 6, "ranges": [[1, 2], [3, 4], [5, 6]]}
    ]
    assert list(queue.waiting) == [Message(job_id, pages) for pages in RANGES]

    queue.run_next()
    queue.run_next()
    assert _job(services, job_id).status == JobStatus.WAITING_PAGES
    run_page_range(services, job_id, 1, 2)  # delivered twice: already read
    assert services.counters.pages_done == 4 and len(queue.waiting) == 1
    queue.run_next()
    assert _job(services, job_id).status == JobStatus.QUEUED
    assert list(queue.waiting) == [Message(job_id)], "queued for assembly once"
    for first, last in RANGES:  # late deliveries change nothing
        run_page_range(services, job_id, first, last)
    assert list(queue.waiting) == [Message(job_id)]
    assert services.counters.pages_done == 6

    queue.drain()

    assert services.counters.pages_done == 6, "the assembly read no page again"
    assert _job(services, job_id).status == JobStatus.DONE
    texts = _page_texts(services, job_id)
    assert texts == [page.text for page in read_in_ranges.whole.pages] and all(texts)
    assert len(_audited(services, "document.digitized")) == 1
    assert _audited(services, "job.pages_read") == [{"pages": 6}]
    assert not pages_folder(services.layout, _document_id(services, job_id)).exists()
    run_page_range(services, job_id, 3, 4)  # a delivery after the end does nothing
    assert not pages_folder(services.layout, _document_id(services, job_id)).exists()
    assert services.counters.pages_done == 6 and not queue.waiting
    _assert_chain_intact(services)


def test_a_lost_page_task_and_a_damaged_read_are_read_again(
    services: IntakeContext, pictures: list[Image.Image]
) -> None:
    """A TIFF this time: each page task and the assembly make the same PDF of it."""
    queue = _queue(services)
    job_id = _receive_tiff(services, pictures)
    queue.run_next()
    queue.waiting.pop()  # the task for pages 5-6 is lost with its worker
    queue.drain()
    assert _job(services, job_id).status == JobStatus.WAITING_PAGES

    assert redispatch_stalled(services) == [], "not stalled before its deadline"
    later = datetime.now(UTC) + timedelta(hours=1)
    assert redispatch_stalled(services, now=later) == [job_id]
    assert redispatch_stalled(services, now=later) == [], "sent again once"
    assert list(queue.waiting) == [Message(job_id, (5, 6))]
    assert _audited(services, "job.pages_dispatched")[-1] == {
        "again": True,
        "pages": 6,
        "ranges": [[5, 6]],
    }
    queue.run_next()
    assert list(queue.waiting) == [Message(job_id)]

    folder = pages_folder(services.layout, _document_id(services, job_id))
    layer = json.loads((folder / "page-00003.json").read_text())["ocr"]["layer"]
    (folder / layer).write_bytes(b"%PDF-1.7 cut")  # damaged on the shared disk
    queue.run_next()  # the assembling job finds it and sends that page again
    assert _job(services, job_id).status == JobStatus.WAITING_PAGES
    assert list(queue.waiting) == [Message(job_id, (3, 3))]
    queue.drain()

    assert _job(services, job_id).status == JobStatus.DONE
    assert services.counters.pages_done == 7
    assert all(_page_texts(services, job_id))
    assert len(_audited(services, "document.digitized")) == 1
    assert not folder.exists()
    _assert_chain_intact(services)


def test_a_page_range_that_can_never_be_read_sets_the_document_aside_once(
    services: IntakeContext, tmp_path: Path
) -> None:
    queue = _queue(services)
    blank = Image.new("L", (400, 560), 255)
    too_big = Image.new("L", (1600, 2000), 255)  # 3.2 megapixels, over the limit of 2
    pages = [blank, blank, too_big, blank, blank, blank]
    job_id = _receive(services, _pdf_of(pages, tmp_path / "dai.pdf"))
    queue.run_next()
    document_id = _document_id(services, job_id)

    queue.drain()

    job = _job(services, job_id)
    assert job.status == JobStatus.FAILED and "pixels" in (job.last_error or "")
    with services.store.reading() as session:
        assert session.get_one(DocumentRecord, document_id).status == DocumentStatus.QUARANTINED
    assert len(_audited(services, "document.quarantined")) == 1
    assert not _audited(services, "document.digitized")
    kept = services.layout.quarantine / "u1" / "dai.pdf"
    assert kept.is_file() and kept.with_name("dai.pdf.reason.txt").is_file()
    assert not pages_folder(services.layout, document_id).exists()


def test_passing_trouble_in_a_page_range_retries_the_job_for_the_missing_pages(
    services: IntakeContext, tmp_path: Path
) -> None:
    queue = _queue(services)
    blank = Image.new("L", (400, 560), 255)
    job_id = _receive(services, _pdf_of([blank] * 6, tmp_path / "trang-trang.pdf"))
    queue.run_next()
    archived = _archived(services, job_id)
    away = archived.with_name("away")
    archived.rename(away)  # the shared disk is away for a moment

    queue.run_next()

    job = _job(services, job_id)
    assert job.status == JobStatus.WAITING_RETRY and job.attempts == 1
    assert len(_audited(services, "job.retry_scheduled")) == 1
    away.rename(archived)
    queue.drain()  # pages 3-6 are read; the job, retried, sends only pages 1-2

    assert [entry["ranges"] for entry in _audited(services, "job.pages_dispatched")] == [
        [[1, 2], [3, 4], [5, 6]],
        [[1, 2]],
    ]
    assert _job(services, job_id).status == JobStatus.DONE
    assert len(_audited(services, "document.digitized")) == 1


# Helpers


def _pdf_of(pictures: list[Image.Image], path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    jpegs = [path.with_name(f".{path.stem}-{index}.jpg") for index in range(len(pictures))]
    for picture, jpeg in zip(pictures, jpegs, strict=True):
        picture.save(jpeg, format="JPEG", quality=75, dpi=(DPI, DPI))
    path.write_bytes(img2pdf.convert([str(jpeg) for jpeg in jpegs]))
    for jpeg in jpegs:
        jpeg.unlink()
    return path


def _receive_tiff(services: IntakeContext, pictures: list[Image.Image]) -> int:
    path = services.layout.data_dir.parent / "staging" / "ho-so-dai.tiff"
    path.parent.mkdir(parents=True, exist_ok=True)
    first, *rest = [picture.copy() for picture in pictures]  # no settings of earlier saves
    first.save(path, save_all=True, append_images=rest, dpi=(DPI, DPI))
    return _receive(services, path)


def _receive(services: IntakeContext, source: Path) -> int:
    name = source.name
    inbox = services.layout.inbox / "u1" / "intake"
    inbox.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, inbox / name)
    incoming = IncomingFile(
        inbox / name, PurePosixPath(f"u1/intake/{name}"), "u1", DocumentKind.INTAKE, None
    )
    outcome = register(services, incoming)
    assert isinstance(outcome, Registered)
    assert list(_queue(services).waiting) == [Message(outcome.job_id)]
    return outcome.job_id


def _job(services: IntakeContext, job_id: int) -> JobRecord:
    with services.store.reading() as session:
        return session.get_one(JobRecord, job_id)


def _document_id(services: IntakeContext, job_id: int) -> int:
    return _job(services, job_id).document_id


def _archived(services: IntakeContext, job_id: int) -> Path:
    with services.store.reading() as session:
        document = session.get_one(DocumentRecord, _document_id(services, job_id))
        return services.layout.absolute(document.archive_path)


def _page_texts(services: IntakeContext, job_id: int) -> list[str]:
    with services.store.reading() as session:
        return list(
            session.scalars(
                select(PageRecord.text)
                .where(PageRecord.document_id == _document_id(services, job_id))
                .order_by(PageRecord.number)
            )
        )


def _audited(services: IntakeContext, action: str) -> list[dict[str, Any]]:
    with services.store.reading() as session:
        details = session.scalars(
            select(AuditRecord.details).where(AuditRecord.action == action).order_by(AuditRecord.id)
        )
        return [json.loads(text) for text in details]


def _assert_chain_intact(services: IntakeContext) -> None:
    with services.store.reading() as session:
        assert verify_chain(session).intact
