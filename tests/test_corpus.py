"""Odd, broken and real-scan files: each gives a valid output or a clear error, none hangs."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from config import ExitCode
from tests.conftest import pdftotext, qpdf_check

pytestmark = pytest.mark.slow  # every file of the shared corpus, OCR'd

SOHOA = Path(sys.executable).with_name("sohoa")
ACCEPTED_SUFFIXES = {".pdf", ".png", ".jpg", ".jpeg", ".tif", ".tiff", ".hocr", ".txt", ".odt"}


@pytest.fixture(scope="module")
def corpus_run(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict]:
    """All corpus files through one `sohoa ocr` call, as a clerk's batch would go."""
    files = sorted(
        path
        for path in (corpus / "ocrmypdf").rglob("*")
        if path.is_file() and path.suffix.lower() in ACCEPTED_SUFFIXES
    )
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


def test_every_file_gives_a_valid_pdf_or_a_clear_error(corpus_run: dict[str, dict]) -> None:
    for name, outcome in corpus_run.items():
        if outcome["ok"]:
            check = qpdf_check(Path(outcome["output_path"]))
            assert check.returncode == 0, f"{name}: {check.stdout}{check.stderr}"
        else:
            assert outcome["error"].startswith(outcome["input_path"]), name
            assert len(outcome["error"]) > len(outcome["input_path"]) + 10, name
            assert outcome["exit_code"] != 0


def test_most_of_the_corpus_is_digitized(corpus_run: dict[str, dict]) -> None:
    refused = {name for name, outcome in corpus_run.items() if not outcome["ok"]}
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


def test_the_encrypted_pdf_is_refused_for_its_password(corpus_run: dict[str, dict]) -> None:
    outcome = corpus_run["skew-encrypted.pdf"]
    assert outcome["exit_code"] == ExitCode.encrypted_pdf
    assert "password" in outcome["error"]


def test_a_text_file_is_refused_as_unsupported(corpus_run: dict[str, dict]) -> None:
    outcome = corpus_run["linn.txt"]
    assert outcome["exit_code"] == ExitCode.input_file
    assert "not a PDF, TIFF, JPEG or PNG" in outcome["error"]


def test_the_real_scan_is_read(corpus_run: dict[str, dict], corpus: Path) -> None:
    outcome = corpus_run["linn.png"]
    truth = (corpus / "ocrmypdf" / "linn.txt").read_text(encoding="utf-8")
    found = set(pdftotext(Path(outcome["output_path"])).split())
    truth_words = [word for word in truth.split() if word.isalpha()]
    recall = sum(word in found for word in truth_words) / len(truth_words)
    assert recall >= 0.85, "an English brochure in columns: words, not reading order, are checked"


def test_pages_that_carry_text_are_kept(corpus_run: dict[str, dict]) -> None:
    pages = corpus_run["graph_ocred.pdf"]["pages"]
    assert {page["source"] for page in pages} == {"text"}
    assert any(page["characters"] > 0 for page in pages)
