"""`sohoa rates` as an auditor types it: a small register, every output format."""

from __future__ import annotations

import csv
import json
import shutil
from datetime import UTC, datetime
from pathlib import Path

import docx
import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from store.database import Store
from store.migrate import upgrade
from store.schema import AuditRecord
from tests.support.rates_register import (
    document_row,
    dossier_row,
    procedure_row,
    unit_row,
    write_register,
)
from tests.support.service import sohoa

OCTOBER = ["--from", "2026-10-01", "--to", "2026-10-31"]


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two units in October: An Bình 3 of 4 intake digitized; Phú Lộc 1 of 2 (the online
    dossier, which counts as digitized); two resolved, one with its result digitized."""
    data_dir = tmp_path_factory.mktemp("rates") / "var"
    data_dir.mkdir()
    store = Store(f"sqlite:///{data_dir / 'sohoa.db'}")
    upgrade(store)
    day = datetime(2026, 10, 15, 3, tzinfo=UTC)
    later = datetime(2026, 10, 20, 3, tzinfo=UTC)
    dossiers = [
        dossier_row(1, day, unit_id=1, procedure_id=1, resolved_at=later),
        dossier_row(2, day, unit_id=1, procedure_id=1, resolved_at=later),
        dossier_row(3, day, unit_id=1, procedure_id=1),
        dossier_row(4, day, unit_id=1, procedure_id=1),
        dossier_row(5, day, unit_id=2, procedure_id=1, channel="online"),
        dossier_row(6, day, unit_id=2, procedure_id=1),
    ]
    documents = [
        document_row(1, 1),
        document_row(2, 2),
        document_row(3, 3),
        document_row(4, 1, kind="result"),
    ]
    write_register(
        store,
        units=[unit_row(1, "ubnd-xa-an-binh"), unit_row(2, "ubnd-xa-phu-loc")],
        procedures=[procedure_row(1, "1.001234", field="Hộ tịch")],
        dossiers=dossiers,
        documents=documents,
    )
    store.dispose()
    return data_dir


def test_json_gives_each_groups_numerators_denominators_and_rates(office: Path) -> None:
    done = sohoa(office, "rates", *OCTOBER, "--by", "unit", "--format", "json")
    assert done.returncode == 0, done.stderr
    shown = json.loads(done.stdout)
    by_group = {group["group"]: group for group in shown["groups"]}
    an_binh = next(group for name, group in by_group.items() if "an-binh" in name.lower()
                   or "An Bình" in name)  # fmt: skip
    assert an_binh["intake"] == {
        "numerator": 3, "denominator": 4, "rate": 75.0, "points": 0.94, "tagged": 3, "signed": 0,
    }  # fmt: skip
    total = by_group["Tổng cộng"]
    assert total["waiting"] == 2  # 3 and 5 (online): intake digitized, not resolved in October
    assert (shown["digitized_rule"], shown["full_points_at"]) == ("tagged", 80.0)
    assert (total["intake"]["numerator"], total["intake"]["denominator"]) == (4, 6)
    assert (total["result"]["numerator"], total["result"]["denominator"]) == (1, 2)
    assert total["result"]["rate"] == 50.0
    assert shown["definitions"]


def test_the_table_says_why_the_full_rate_is_below_the_missing_figures(office: Path) -> None:
    english = sohoa(office, "rates", *OCTOBER)
    assert english.returncode == 0, english.stderr
    lines = english.stdout.splitlines()
    waiting = [line for line in lines if line.startswith("Waiting for a result: 2 dossiers")]
    assert len(waiting) == 1 and "fully digitized" in waiting[0]
    assert "result: 1 dossiers with their documents attached, 0 of them signed" in english.stdout
    vietnamese = sohoa(office, "rates", *OCTOBER, SOHOA_LANG="vi")
    assert "Chờ kết quả: 2 hồ sơ" in vietnamese.stdout
    assert "kết quả: 1 hồ sơ có giấy tờ đã gắn hồ sơ, trong đó 0 hồ sơ" in vietnamese.stdout


def test_charts_of_each_rate_by_month(office: Path, tmp_path: Path) -> None:
    chart = tmp_path / "ty-le.svg"
    done = sohoa(office, "rates", *OCTOBER, "--by", "month", "--chart", str(chart))
    assert done.returncode == 0, done.stderr
    for what in ("intake", "result", "full"):
        drawn = (tmp_path / f"ty-le-{what}.svg").read_text(encoding="utf-8")
        assert "2026-10" in drawn or "10/2026" in drawn


def test_an_empty_period_says_n_a_not_zero(office: Path) -> None:
    done = sohoa(office, "rates", "--from", "2025-01-01", "--to", "2025-01-31")
    assert done.returncode == 0, done.stderr
    assert "N/A (0/0)" in done.stdout and "0.00 %" not in done.stdout


def test_files_in_every_format_with_the_missing_dossiers(office: Path, tmp_path: Path) -> None:
    table, book, report = tmp_path / "r.csv", tmp_path / "r.xlsx", tmp_path / "r.docx"
    for target, kind in ((table, "csv"), (book, "xlsx"), (report, "docx")):
        done = sohoa(
            office, "rates", *OCTOBER, "--by", "unit", "--format", kind, "--missing",
            "-o", str(target), "--agency", "UBND huyện Quỳnh Lưu",
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
    rows = list(csv.reader(table.read_text(encoding="utf-8-sig").splitlines()))
    assert any("H57.132-261015-000004" in cell for row in rows for cell in row)
    sheet = load_workbook(book).worksheets[0]
    numbers = [cell for row in sheet.iter_rows(values_only=True) for cell in row]
    assert 4 in numbers and 6 in numbers  # numbers as numbers
    document = docx.Document(str(report))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    text = "\n".join([paragraph.text for paragraph in document.paragraphs] + cells)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "UBND HUYỆN QUỲNH LƯU" in text
    store = Store(f"sqlite:///{office / 'sohoa.db'}")
    with store.reading() as session:
        exported = session.scalars(
            select(AuditRecord.subject).where(AuditRecord.action == "rates.exported")
        ).all()
    store.dispose()
    assert exported == ["file:r.csv", "file:r.xlsx", "file:r.docx"]
    needs_file = sohoa(office, "rates", *OCTOBER, "--format", "xlsx")
    assert needs_file.returncode == 9 and "-o FILE" in needs_file.stderr


def test_a_procedure_that_requires_every_component(office: Path, tmp_path: Path) -> None:
    copy = tmp_path / "var"
    shutil.copytree(office, copy)

    def intake() -> tuple[int, int]:
        done = sohoa(copy, "rates", *OCTOBER, "--format", "json")
        assert done.returncode == 0, done.stderr
        total = json.loads(done.stdout)["groups"][-1]["intake"]
        return total["numerator"], total["denominator"]

    assert intake() == (4, 6)
    listed = sohoa(copy, "dossiers", "components", "1.001234", "Tờ khai", "--rule", "all_required")
    assert listed.returncode == 0, listed.stderr
    assert intake() == (1, 6)  # only the online dossier: no document says which component it is
    assert sohoa(copy, "documents", "component", "1", "Tờ khai").returncode == 0
    assert intake() == (2, 6)
    missing = sohoa(copy, "rates", *OCTOBER, "--missing")
    assert "Components not digitized yet: Tờ khai" in missing.stdout  # the tests ask for English
    unknown = sohoa(copy, "dossiers", "components", "9.999999", "X")
    assert unknown.returncode == 1 and "No procedure 9.999999" in unknown.stderr
