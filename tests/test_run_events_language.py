"""What `sohoa run` and `sohoa check` tell the operator, in Vietnamese by default and in
English on request: files the inbox refused, files set aside, and what the integrity check
found. Each event `sohoa run` emits has its Vietnamese words."""

from __future__ import annotations

import json
import os
import re
import subprocess
import time
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from runtime.events import Event
from safekeeping.findings import ProblemKind
from service import check_words, run_display
from service.i18n import use_language
from tests.support.pages import font
from tests.support.service import SOHOA, environment

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = [path for path in ROOT.iterdir() if (path / "__init__.py").is_file()]
UNIT_INTAKE = Path("inbox/ubnd-a/intake")


def sohoa_in(data_dir: Path, lang: str, *arguments: str) -> subprocess.CompletedProcess[str]:
    env = {**environment(data_dir), "SOHOA_LANG": lang, "COLUMNS": "300"}
    return subprocess.run(
        [str(SOHOA), *arguments], env=env, capture_output=True, text=True, timeout=300
    )


def troubled_inbox(data_dir: Path) -> None:
    """A misplaced file, a link, a pipe and a file that is no PDF, waiting in the inbox."""
    intake = data_dir / UNIT_INTAKE
    intake.mkdir(parents=True)
    (data_dir / "inbox" / "lac-cho.pdf").write_bytes(b"%PDF-1.7 misplaced")
    (intake / "lien-ket.pdf").symlink_to(data_dir / "inbox" / "lac-cho.pdf")
    os.mkfifo(intake / "ong.pdf")
    (intake / "hong.pdf").write_bytes(b"this is not a PDF at all")


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_run_says_what_it_set_aside_in_the_language_asked(tmp_path: Path, lang: str) -> None:
    data_dir = tmp_path / "data"
    troubled_inbox(data_dir)
    done = sohoa_in(data_dir, lang, "run", "--once")
    assert done.returncode == 0, done.stdout + done.stderr
    lines = {line.split(" ", 1)[0].rstrip(":"): line for line in done.stdout.splitlines()}
    misplaced, link = lines["lac-cho.pdf"], lines["ubnd-a/intake/lien-ket.pdf"]
    pipe, broken = lines["ubnd-a/intake/ong.pdf"], lines["hong.pdf"]
    if lang == "vi":
        assert "không được nhận" in misplaced and "<đơn vị>/intake/" in misplaced
        assert "liên kết tượng trưng" in link
        assert "đường ống (FIFO)" in pipe and "không phải tệp thông thường" in pipe
        assert "không số hóa được" in broken and "không phải tệp PDF" in broken
        assert "quarantine/_refused/lac-cho.pdf" in misplaced
        assert "quarantine/ubnd-a/hong.pdf" in broken
        for line in (misplaced, link, pipe, broken):
            assert not re.search(r"\b(the|is|not an|refused|set aside)\b", line), line
    else:
        assert "is not in a unit's intake or results folder" in misplaced
        assert "is a symbolic link" in link
        assert "named pipe (FIFO)" in pipe
        assert "set aside in quarantine/ubnd-a/hong.pdf" in broken
    reason = (data_dir / "quarantine/_refused/ong.pdf.reason.txt").read_text(encoding="utf-8")
    assert "Lý do: Đây là một đường ống (FIFO)" in reason
    assert "Reason: ubnd-a/intake/ong.pdf is a named pipe (FIFO)" in reason


@pytest.fixture(scope="module")
def damaged_office(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One digitized page whose original and output were then lost, and a scan that has
    waited in the inbox for two days."""
    data_dir = tmp_path_factory.mktemp("damaged") / "data"
    intake = data_dir / UNIT_INTAKE
    intake.mkdir(parents=True)
    page = Image.new("L", (1240, 400), 250)
    ImageDraw.Draw(page).text((80, 150), "Tờ khai đăng ký", font=font(44), fill=0)
    page.save(intake / "to-khai.png", dpi=(300, 300))
    done = sohoa_in(data_dir, "en", "run", "--once")
    assert "1 digitized" in done.stdout, done.stdout + done.stderr
    for folder in ("archive", "outputs"):
        for path in (data_dir / folder).rglob("*"):
            if path.is_file():
                path.unlink()
    waiting = data_dir / "inbox" / "ubnd-a" / "results" / "cho.pdf"
    waiting.parent.mkdir(parents=True)
    waiting.write_bytes(b"%PDF-1.7")
    two_days_ago = time.time() - 48 * 3600
    os.utime(waiting, (two_days_ago, two_days_ago))
    return data_dir


def test_check_names_each_problem_in_vietnamese(damaged_office: Path) -> None:
    found = sohoa_in(damaged_office, "vi", "check")
    assert found.returncode == 4, found.stdout + found.stderr
    said = found.stdout
    assert "Sự cố: to-khai.png: mất bản gốc lưu trữ archive/" in said
    assert "Sự cố: to-khai.png: mất bản số hóa outputs/" in said
    assert "Sự cố: inbox/ubnd-a/results/cho.pdf đã nằm trong hộp thư đến 48 giờ" in said
    assert "3 vấn đề: đã kiểm tra" in said
    assert "missing" not in said and "waited" not in said


def test_check_keeps_its_english_on_request(damaged_office: Path) -> None:
    found = sohoa_in(damaged_office, "en", "check")
    assert found.returncode == 4
    assert "archive.missing: to-khai.png: its archived original archive/" in found.stdout
    assert "inbox.stale: inbox/ubnd-a/results/cho.pdf has waited in the inbox for 48 hours" in (
        found.stdout
    )


def test_run_says_the_checks_problems_as_check_does(damaged_office: Path) -> None:
    """The scheduled check's events carry each problem as `sohoa check --json` gives it."""
    report = json.loads(sohoa_in(damaged_office, "en", "check", "--json").stdout)
    assert len(report["problems"]) == 3
    said_by_check = sohoa_in(damaged_office, "vi", "check").stdout
    use_language("vi")
    try:
        lines = [
            run_display.event_line(Event("check.problem", problem["message"], problem))
            for problem in report["problems"]
        ]
    finally:
        use_language("en")
    for line in lines:
        assert line.startswith("Sự cố: ") and line in said_by_check, line


def test_every_kind_of_problem_has_its_vietnamese() -> None:
    assert {str(kind) for kind in ProblemKind} <= set(check_words._VIETNAMESE)


def emitted_kinds() -> set[str]:
    """Every event kind the packages emit, read from their source."""
    kinds: set[str] = set()
    for package in PACKAGES:
        for source in package.rglob("*.py"):
            text = source.read_text(encoding="utf-8")
            kinds |= set(re.findall(r'\bEvent\(\s*"([a-z_]+\.[a-z_.]+)"', text))
            kinds |= set(re.findall(r'_settle\([^)]*"([a-z_]+\.[a-z_.]+)"', text, re.S))
    return kinds


def test_every_event_run_emits_has_its_vietnamese_words() -> None:
    kinds = emitted_kinds()
    assert {"file.refused", "document.quarantined", "document.signing_failed"} <= kinds
    assert kinds <= set(run_display._WORDS), kinds - set(run_display._WORDS)
