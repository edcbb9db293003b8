"""`sohoa run --once`: the inbox is emptied, nothing is lost, failures say why."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import pdftotext
from tests.support.pages import character_error_rate, make_page, save_jpeg, scanned

SOHOA = Path(sys.executable).with_name("sohoa")


def test_run_once_digitizes_archives_and_quarantines(tmp_path: Path, words: list[str]) -> None:
    inbox = tmp_path / "var" / "inbox" / "xa-an-binh" / "intake"
    inbox.mkdir(parents=True)
    page = make_page(words, lines=5, seed=7)
    save_jpeg(scanned(page.image, seed=7), inbox / "ho-so.jpg")
    (inbox / "ghi-chu.txt").write_text("not a scan\n")
    environment = {k: v for k, v in os.environ.items() if not k.startswith("SOHOA_")}
    completed = subprocess.run(
        [str(SOHOA), "run", "--once", "--poll-seconds", "0.2"],
        cwd=tmp_path,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert completed.returncode == 0, completed.stderr
    var = tmp_path / "var"
    assert not any(path.is_file() for path in (var / "inbox").rglob("*"))
    output = var / "outbox" / "ho-so.pdf"
    assert character_error_rate(page.text, pdftotext(output)) <= 0.02
    assert (var / "archive" / "xa-an-binh" / "intake" / "ho-so.jpg").is_file()
    kept = var / "quarantine" / "xa-an-binh" / "intake" / "ghi-chu.txt"
    assert kept.read_text() == "not a scan\n"
    reason = kept.with_name("ghi-chu.txt.reason.txt").read_text()
    assert "ghi-chu.txt" in reason and "not a PDF, TIFF, JPEG or PNG" in reason
