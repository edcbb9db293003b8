"""Odd, broken and real-scan files: each gives a valid output or a clear error, none hangs.

The files go through the service once (`corpus_run`; every test using it is in this file, so
that one test process runs it); `sohoa ocr` answers for the three whose details it reports.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from config import ExitCode
from store.schema import DocumentRecord, JobRecord
from store.states import DocumentStatus, JobStatus
from tests.conftest import pdftotext, qpdf_check
from tests.support.corpus_run import CorpusOutcome, CorpusRun, run_the_corpus
from tests.support.service import open_record

pytestmark = pytest.mark.slow  # every file of the shared corpus, OCR'd

SOHOA = Path(sys.executable).with_name("sohoa")
ACCEPTED_SUFFIXES = {".pdf", ".png", ".jpg", ".jpeg", ".tif", ".tiff", ".hocr", ".txt", ".odt"}


@pytest.fixture(scope="module")
def corpus_run(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> CorpusRun:
    """Every corpus file dropped in one unit's inbox and taken by one `sohoa run --once`."""
    return run_the_corpus(corpus, tmp_path_factory.mktemp("corpus") / "var")


@pytest.fixture(scope="module")
def ocr_run(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict]:
    """The files whose answers `sohoa ocr` details (exit codes, page sources), in one call."""
    names = ("skew-encrypted.pdf", "linn.txt", "graph_ocred.pdf")
    files = [next((corpus / "ocrmypdf").rglob(name)) for name in names]
    out = tmp_path_factory.mktemp("corpus-out")
    completed = subprocess.run(
        [str(SOHOA), "ocr", *map(str, files), "-o", str(out), "--json"],
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert completed.returncode in {int(code) for code in ExitCode}, completed.stderr
    outcomes = json.loads(completed.stdout)
    assert len(outcomes) == len(files)
    return {Path(outcome["input_path"]).name: outcome for outcome in outcomes}


def _from_ocrmypdf(corpus_run: CorpusRun) -> list[CorpusOutcome]:
    return [
        outcome
        for outcome in corpus_run.outcomes
        if "ocrmypdf" in outcome.source.parts and outcome.source.suffix.lower() in ACCEPTED_SUFFIXES
    ]


def test_every_file_gives_a_valid_pdf_or_a_clear_error(corpus_run: CorpusRun) -> None:
    outcomes = _from_ocrmypdf(corpus_run)
    assert len(outcomes) > 50
    for outcome in outcomes:
        name = outcome.source.name
        if outcome.status == DocumentStatus.QUARANTINED:
            assert outcome.reason is not None, name
            said = outcome.reason.split("Reason: ", 1)[1].strip()
            assert len(said) > 10, (name, said)
        elif outcome.output is not None:
            check = qpdf_check(outcome.output)
            assert check.returncode == 0, f"{name}: {check.stdout}{check.stderr}"
        else:
            assert outcome.status == DocumentStatus.SPLIT, name


def test_most_of_the_corpus_is_digitized(corpus_run: CorpusRun) -> None:
    refused = {
        outcome.source.name
        for outcome in _from_ocrmypdf(corpus_run)
        if outcome.status == DocumentStatus.QUARANTINED
    }
    expected_refusals = {
        "invalid.pdf",  # not a PDF at all
        "skew-encrypted.pdf",  # needs a user password
        "arabic.hocr",
        "cjk.hocr",
        "devanagari.hocr",
        "hello_world_scripts.hocr",
        "latin.hocr",
        "multilingual.hocr",
        "tagged.odt",
        "linn.txt",
        "ORIGIN.txt",
    }
    assert refused <= expected_refusals | {"2400dpi.pdf", "enormous.pdf", "hugemono.pdf"}, refused
    assert expected_refusals <= refused


def test_the_encrypted_pdf_is_refused_for_its_password(ocr_run: dict[str, dict]) -> None:
    outcome = ocr_run["skew-encrypted.pdf"]
    assert outcome["exit_code"] == ExitCode.encrypted_pdf
    assert "password" in outcome["error"]


def test_a_text_file_is_refused_as_unsupported(ocr_run: dict[str, dict]) -> None:
    outcome = ocr_run["linn.txt"]
    assert outcome["exit_code"] == ExitCode.input_file
    assert "not a PDF, TIFF, JPEG or PNG" in outcome["error"]


def test_the_real_scan_is_read(corpus_run: CorpusRun, corpus: Path) -> None:
    output = corpus_run.of("linn.png").output
    assert output is not None
    truth = (corpus / "ocrmypdf" / "linn.txt").read_text(encoding="utf-8")
    found = set(pdftotext(output).split())
    truth_words = [word for word in truth.split() if word.isalpha()]
    recall = sum(word in found for word in truth_words) / len(truth_words)
    assert recall >= 0.85, "an English brochure in columns: words, not reading order, are checked"


def test_pages_that_carry_text_are_kept(ocr_run: dict[str, dict]) -> None:
    pages = ocr_run["graph_ocred.pdf"]["pages"]
    assert {page["source"] for page in pages} == {"text"}
    assert any(page["characters"] > 0 for page in pages)


def test_every_corpus_file_ends_processed_or_quarantined_with_a_reason(
    corpus_run: CorpusRun,
) -> None:
    data_dir = corpus_run.data_dir
    assert not [path for path in (data_dir / "inbox").rglob("*") if path.is_file()]
    distinct = {hashlib.sha256(path.read_bytes()).hexdigest() for path in corpus_run.files}
    with open_record(data_dir).reading() as session:
        documents = session.scalars(
            select(DocumentRecord).where(DocumentRecord.parent_id.is_(None))
        ).all()
        jobs = session.scalars(select(JobRecord)).all()
    assert {document.sha256 for document in documents} == distinct
    assert all(job.status in (JobStatus.DONE, JobStatus.FAILED) for job in jobs)
    for outcome in corpus_run.outcomes:
        if outcome.status == DocumentStatus.QUARANTINED:
            assert outcome.reason is not None, outcome.name
            assert "Lý do:" in outcome.reason and "Reason:" in outcome.reason
        else:
            assert outcome.status in (DocumentStatus.DIGITIZED, DocumentStatus.SPLIT)
    digitized = [o for o in corpus_run.outcomes if o.status == DocumentStatus.DIGITIZED]
    assert len(digitized) >= len(distinct) // 2
    for outcome in digitized:
        assert outcome.output is not None
        assert qpdf_check(outcome.output).returncode in (0, 3)
