"""`sohoa check`: an office's data directory against its record. A healthy office passes;
each kind of loss or change is named with the document, receipt or file it touches, and
the check itself changes nothing."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import time
from pathlib import Path

import pytest

from tests.support.drops import UNIT
from tests.support.service import Service, sohoa, wait_for
from tests.support.web import log_in_at_the_terminal, person_at_the_terminal
from tests.test_audit_checkpoints import append
from tests.test_batches import OFFICER, digitized_office, office, results_batch

pytest_plugins = ("tests.support.signing_fixtures",)
__all__ = ["digitized_office", "office"]  # the shared digitized office of the batch tests

FEES = "procedure_code,name,kind,amount\n1.001234,Lệ phí đăng ký khai sinh,lệ phí,8000\n"


@pytest.fixture(scope="module")
def checked_office(tmp_path_factory: pytest.TempPathFactory, digitized_office: Path) -> Path:
    """The digitized office with its results signed, a receipt issued and a checkpoint."""
    copy = tmp_path_factory.mktemp("checked") / "office"
    shutil.copytree(digitized_office, copy)
    settings = copy / "sohoa.toml"
    settings.write_text(
        settings.read_text(encoding="utf-8").replace(str(digitized_office), str(copy)),
        encoding="utf-8",
    )
    data_dir = copy / "var"
    log_in_at_the_terminal(data_dir, OFFICER)
    batch = str(results_batch(data_dir)["id"])
    for step in ("submit", "approve"):
        done = sohoa(data_dir, "batches", step, batch)
        assert done.returncode == 0, done.stderr
    _issue_a_receipt(copy, data_dir)
    made = sohoa(data_dir, "audit", "checkpoint")
    assert made.returncode == 0, made.stderr
    return data_dir


def _issue_a_receipt(office_folder: Path, data_dir: Path) -> None:
    (office_folder / "fees.csv").write_text(FEES, encoding="utf-8")
    steps = [
        ("receipts", "series", "add", "--form", "01BLP0-001", "--series", "BI-26T",
         "--organization", "UBND xã An Bình", "--tax-code", "0312345678",
         "--address", "Thôn Phú Lộc", "--profile", "xa", "--unit", UNIT),
        ("receipts", "fees", "import", str(office_folder / "fees.csv")),
    ]  # fmt: skip
    for step in steps:
        done = sohoa(data_dir, *step)
        assert done.returncode == 0, done.stderr
    person_at_the_terminal(data_dir, "thu", "clerk", units=(UNIT,))
    issued = sohoa(
        data_dir, "receipts", "issue", "--series", "BI-26T", "--payer", "Nguyễn Văn An",
        "--fee", "1.001234",
    )  # fmt: skip
    assert issued.returncode == 0, issued.stderr


def check(data_dir: Path) -> tuple[int, dict[str, object]]:
    done = sohoa(data_dir, "check", "--json")
    report: dict[str, object] = json.loads(done.stdout)
    return done.returncode, report


def problems(report: dict[str, object]) -> list[dict[str, str]]:
    found = report["problems"]
    assert isinstance(found, list)
    return found


def copied(data_dir: Path, tmp_path: Path) -> Path:
    """A copy of the office to damage; its settings name the copy."""
    folder = tmp_path / "office"
    shutil.copytree(data_dir.parent, folder)
    settings = folder / "sohoa.toml"
    text = settings.read_text(encoding="utf-8").replace(str(data_dir.parent), str(folder))
    settings.write_text(text, encoding="utf-8")
    return folder / "var"


def test_a_healthy_office_passes_and_the_check_changes_nothing(checked_office: Path) -> None:
    before = _state(checked_office)
    code, report = check(checked_office)
    assert code == 0, report
    assert report["ok"] is True and problems(report) == []
    checked = report["checked"]
    assert isinstance(checked, dict)
    assert checked["documents"] == 3 and checked["outputs"] == 3
    assert checked["signed files"] == 3  # two signed results and the receipt's PDF
    assert checked["receipts"] == 1 and checked["checkpoints"] == 1
    assert _state(checked_office) == before
    said = sohoa(checked_office, "check")
    assert said.returncode == 0 and "Everything holds" in said.stdout


def test_each_loss_or_change_is_named(checked_office: Path, tmp_path: Path) -> None:
    data_dir = copied(checked_office, tmp_path)
    record = sqlite3.connect(data_dir / "sohoa.db")
    rows = record.execute(
        "SELECT id, archive_path, output_path, signed_at FROM documents ORDER BY id"
    ).fetchall()
    (signed_id, _, signed_output, _) = next(row for row in rows if row[3])
    (unsigned_id, original, unsigned_output, _) = next(row for row in rows if not row[3])
    _flip_a_byte(data_dir / original)
    (data_dir / unsigned_output).unlink()
    with (data_dir / signed_output).open("ab") as output:
        output.write(b"%% appended\n")
    (xml_path,) = record.execute("SELECT xml_path FROM receipts").fetchone()
    xml = data_dir / xml_path
    xml.chmod(0o640)
    xml.write_bytes(xml.read_bytes().replace(b"<NNop><Ten>", b"<NNop><Ten>X", 1))  # the payer
    for verb in ("update", "delete"):
        record.execute(f"DROP TRIGGER audit_entries_no_{verb}")
    with record:
        record.execute(
            "DELETE FROM audit_entries WHERE id > (SELECT MAX(id) - 3 FROM audit_entries)"
        )
    record.close()
    stale = data_dir / "inbox" / UNIT / "intake" / "forgotten.pdf"
    stale.write_bytes(b"%PDF-1.4\n")
    two_days_ago = time.time() - 48 * 3600
    os.utime(stale, (two_days_ago, two_days_ago))

    code, report = check(data_dir)
    assert code == 4 and report["ok"] is False
    found = {(problem["kind"], problem["subject"]) for problem in problems(report)}
    assert ("archive.changed", f"document:{unsigned_id}") in found
    assert ("output.missing", f"document:{unsigned_id}") in found
    assert ("output.changed", f"document:{signed_id}") in found
    assert ("receipt.record_changed", "receipt:1") in found
    assert ("audit.checkpoint", "audit:chain") in found  # the cut tail, after the checkpoint
    assert ("inbox.stale", "inbox") in found
    said = sohoa(data_dir, "check")
    assert said.returncode == 4
    assert f"its archived original {original} has changed" in said.stdout
    assert "the trail was cut" in said.stdout
    assert "inbox/ubnd-xa-an-binh/intake/forgotten.pdf has waited in the inbox" in said.stdout


def test_the_service_makes_checkpoints_and_checks_on_its_schedule(
    checked_office: Path, tmp_path: Path
) -> None:
    data_dir = copied(checked_office, tmp_path)
    append(data_dir, 3)  # the trail grew since the last checkpoint
    every_two_seconds = str(2 / 3600)
    service = Service(
        data_dir,
        SOHOA_AUDIT__CHECKPOINT_HOURS=every_two_seconds,
        SOHOA_CHECK__EVERY_HOURS=every_two_seconds,
    )
    try:
        wait_for(lambda: '"check.done"' in service.log.read_text(), 60, service.log)
        wait_for(lambda: '"audit.checkpoint_made"' in service.log.read_text(), 60, service.log)
    finally:
        service.stop()
    events = [json.loads(line) for line in service.log.read_text().splitlines() if line[:1] == "{"]
    done = next(event for event in events if event["event"] == "check.done")
    assert done["ok"] is True and done["problems"] == 0
    made = [event for event in events if event["event"] == "audit.checkpoint_made"]
    assert len(made) == 1  # made once the trail grew; not again while it did not
    assert len(list((data_dir / "archive" / "checkpoints").glob("*.json"))) == 2
    assert sohoa(data_dir, "check").returncode == 0


def _flip_a_byte(path: Path) -> None:
    path.chmod(0o640)
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.write_bytes(bytes(data))


def _state(data_dir: Path) -> dict[str, tuple[int, int]]:
    """Every file's size and modification time, the database's included."""
    return {
        str(path): (path.stat().st_size, path.stat().st_mtime_ns)
        for path in data_dir.rglob("*")
        if path.is_file() and "work" not in path.relative_to(data_dir).parts
    }


def test_the_reports_print_what_the_newest_checkpoint_proves(
    checked_office: Path, tmp_path: Path
) -> None:
    from openpyxl import load_workbook

    year = time.strftime("%Y")
    period = ("--from", f"{year}-01-01", "--to", f"{year}-12-31")
    rates = sohoa(checked_office, "rates", *period, SOHOA_LANG="vi")
    assert rates.returncode == 0, rates.stderr
    assert "điểm kiểm chứng ký lúc" in rates.stdout and "khớp với nhật ký hiện tại" in rates.stdout
    workbook = tmp_path / "usage.xlsx"
    usage = sohoa(checked_office, "receipts", "report", *period, "-o", str(workbook))
    assert usage.returncode == 0, usage.stderr
    cells = [cell for row in load_workbook(workbook).active.values for cell in row if cell]
    assert any("khớp với nhật ký hiện tại" in str(cell) for cell in cells)

    data_dir = copied(checked_office, tmp_path)
    record = sqlite3.connect(data_dir / "sohoa.db")
    record.execute("DROP TRIGGER audit_entries_no_delete")
    with record:
        record.execute("DELETE FROM audit_entries WHERE id > 5")
    record.close()
    cut = sohoa(data_dir, "receipts", "report", *period, SOHOA_LANG="vi")
    assert cut.returncode == 0, cut.stderr
    assert "KHÔNG khớp với nhật ký hiện tại: nhật ký đã bị cắt bớt" in cut.stdout
