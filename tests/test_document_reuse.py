"""Reuse of already-digitized documents (tái sử dụng) on real SQLite and PostgreSQL: a
document reused for another dossier counts for that dossier's reuse rate, once however many
documents it reuses; the period, the zero denominator, the refusals, the audit trail, a
dossier registered after the reuse, the exports, and the command line."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import docx
import pytest
from sqlalchemy import func, insert, select, update

from config.rates_settings import DigitizedRule, RatesSettings
from dossier_register.reuse import ReuseRefusedError, remove_reuse, reuse_document
from dossiers import InvalidDossierCodeError
from queries.rates import compute_rates
from queries.reuses import reuses_for_dossier, reuses_of_document
from reports.rates_export import rates_export_bytes
from reports.rates_labels import format_percent
from reports.rates_model import Grouping
from store import audit
from store.database import Store
from store.migrate import upgrade
from store.reuses import link_reuses_to_dossiers
from store.schema import AuditRecord, DocumentRecord, DocumentReuseRecord, DossierRecord
from tests.support.databases import migrated_store
from tests.support.rates_register import document_row, dossier_row, unit_row, write_register
from tests.support.service import sohoa
from tests.support.web import person_at_the_terminal

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
JANUARY = date(2026, 1, 1), date(2026, 1, 31)
FEBRUARY = date(2026, 2, 1), date(2026, 2, 28)
TAGGED = RatesSettings()
SIGNED = RatesSettings(digitized_rule=DigitizedRule.TAGGED_AND_SIGNED)
AN_BINH, PHU_LOC = 1, 2
CLERK = "web:lan"


def at(day: int, month: int = 1, year: int = 2026) -> datetime:
    return datetime(year, month, day, 10, tzinfo=VIETNAM)


def code(dossier_id: int) -> str:
    """The code `dossier_row` gives the dossier."""
    received = {1: at(20, 12, 2025), 2: at(5), 3: at(6), 4: at(7), 5: at(3, 2)}[dossier_id]
    return f"H57.132-{received:%y%m%d}-{dossier_id:06d}"


def digitized(document_id: int, dossier_id: int | None, **changes: Any) -> dict[str, Any]:
    """A document of An Bình with its output, tagged to its own dossier."""
    return {
        **document_row(document_id, dossier_id, unit_id=AN_BINH, **changes),
        "dossier_code": code(dossier_id) if dossier_id else None,
        "output_path": f"outputs/{document_id}.pdf",
        "output_sha256": f"{document_id:064x}",
    }


def write_office(store: Store) -> None:
    """Dossier 1 (December 2025) holds the documents already digitized; 2, 3 (An Bình) and
    4 (Phú Lộc) are received in January, 5 in February."""
    write_register(
        store,
        units=[unit_row(AN_BINH, "xa-an-binh"), unit_row(PHU_LOC, "xa-phu-loc")],
        dossiers=[
            dossier_row(1, at(20, 12, 2025), unit_id=AN_BINH, resolved_at=at(28, 12, 2025)),
            dossier_row(2, at(5), unit_id=AN_BINH),
            dossier_row(3, at(6), unit_id=AN_BINH),
            dossier_row(4, at(7), unit_id=PHU_LOC),
            dossier_row(5, at(3, 2), unit_id=AN_BINH),
        ],
        documents=[
            digitized(11, 1),  # the citizen's ID card, scanned for dossier 1
            digitized(12, 1, kind="result"),  # dossier 1's result
            digitized(13, 1, status="quarantined"),
            digitized(14, None),  # digitized, tagged to no dossier
        ],
    )


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    with migrated_store(request.param, tmp_path) as opened:
        write_office(opened)
        yield opened


def counts(store: Store, settings: RatesSettings, period: tuple[date, date]) -> tuple[Any, ...]:
    reuse = compute_rates(store, settings, *period).total.reuse
    return reuse.numerator, reuse.denominator, reuse.tagged, reuse.signed


def links(store: Store) -> int:
    with store.reading() as session:
        return session.scalar(select(func.count()).select_from(DocumentReuseRecord)) or 0


# --- the rate ------------------------------------------------------------------------------


def test_a_reused_document_counts_for_the_receiving_dossier_once(store: Store) -> None:
    assert counts(store, TAGGED, JANUARY) == (0, 3, 0, 0)

    reuse_document(store, 11, code(2), CLERK, note="CCCD của người nộp")
    reuse_document(store, 12, code(2), CLERK)  # a second component of the same dossier
    reuse_document(store, 11, code(5), CLERK)  # February's dossier

    report = compute_rates(store, TAGGED, *JANUARY, Grouping.UNIT)
    reuse = report.total.reuse
    assert (reuse.numerator, reuse.denominator) == (1, 3), "dossier 2 once, of 2, 3 and 4"
    assert format_percent(reuse.percent) == "33,33\u00a0%"
    assert reuse.points(report.max_points, report.full_points_at) == Decimal("0.42")
    by_unit = {group.group: group.reuse for group in report.groups}
    assert (by_unit["xa-an-binh"].numerator, by_unit["xa-an-binh"].denominator) == (1, 2)
    assert (by_unit["xa-phu-loc"].numerator, by_unit["xa-phu-loc"].denominator) == (0, 1)
    assert report.total.intake.numerator == 0, "a reuse is its own rate, not an intake scan"
    assert counts(store, TAGGED, FEBRUARY) == (1, 1, 1, 0)
    assert any("tái sử dụng" in line for line in report.definitions)
    # Under the signed rule the reused document must be signed with a verified signature.
    assert counts(store, SIGNED, JANUARY) == (0, 3, 1, 0)
    monthly = compute_rates(store, TAGGED, date(2026, 1, 1), date(2026, 2, 28), Grouping.MONTH)
    assert [(g.group, g.reuse.numerator, g.reuse.denominator) for g in monthly.groups] == [
        ("2026-01", 1, 3),
        ("2026-02", 1, 1),
    ]


def test_a_document_retagged_to_the_dossier_it_was_reused_for_is_no_reuse(
    store: Store,
) -> None:
    reuse_document(store, 11, code(2), CLERK)
    assert counts(store, TAGGED, JANUARY)[:2] == (1, 3)
    with store.writing() as session:  # the clerk retags the ID card to dossier 2 itself
        session.execute(update(DocumentRecord).where(DocumentRecord.id == 11).values(dossier_id=2))
    assert counts(store, TAGGED, JANUARY)[:2] == (0, 3)


def test_a_period_without_dossiers_gives_not_applicable(store: Store) -> None:
    reuse_document(store, 11, code(2), CLERK)
    report = compute_rates(store, TAGGED, date(2026, 3, 1), date(2026, 3, 31))
    assert report.total.reuse.denominator == 0
    assert report.total.reuse.percent is None and report.total.reuse.shown == "N/A"
    assert report.total.reuse.points(report.max_points, report.full_points_at) is None
    rows = list(csv.reader(io.StringIO(rates_export_bytes(report, "csv").decode("utf-8-sig"))))
    header, total = rows[0], rows[-1]
    assert total[header.index("Hồ sơ tái sử dụng kết quả số hóa - tỷ lệ (%)")] == "N/A"


def test_a_reuse_counts_once_its_dossier_is_registered(store: Store) -> None:
    later = "H57.132-260110-000099"
    done = reuse_document(store, 11, later, CLERK, unit_id=AN_BINH)
    assert done.registered is False and done.unit_id == AN_BINH
    assert counts(store, TAGGED, JANUARY) == (0, 3, 0, 0)
    with store.writing() as session:
        session.connection().execute(insert(DossierRecord), [dossier_row(99, at(10))])
        assert link_reuses_to_dossiers(session) == 1
    assert counts(store, TAGGED, JANUARY) == (1, 4, 1, 0)
    (shown,) = reuses_for_dossier(store, later)
    assert shown.registered and shown.from_dossier == code(1) and shown.unit_code == "xa-an-binh"


# --- what is refused ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("document", "dossier", "refusal"),
    [
        (13, code(2), "reuse.not_digitized"),
        (14, code(2), "reuse.untagged"),
        (11, code(1), "reuse.own_dossier"),
        (99, code(2), "reuse.document_not_found"),
    ],
)
def test_a_reuse_is_refused_with_its_reason(
    store: Store, document: int, dossier: str, refusal: str
) -> None:
    with pytest.raises(ReuseRefusedError) as refused:
        reuse_document(store, document, dossier, CLERK)
    assert refused.value.code == refusal
    assert links(store) == 0


def test_twice_for_one_dossier_another_units_and_a_bad_code_are_refused(store: Store) -> None:
    reuse_document(store, 11, code(2).lower(), CLERK, unit_ids={AN_BINH})
    with pytest.raises(ReuseRefusedError) as twice:
        reuse_document(store, 11, code(2), CLERK)
    assert twice.value.code == "reuse.already_linked"
    with pytest.raises(ReuseRefusedError) as foreign_document:
        reuse_document(store, 12, code(4), CLERK, unit_ids={PHU_LOC})
    assert foreign_document.value.code == "reuse.document_not_found"
    with pytest.raises(ReuseRefusedError) as foreign_dossier:
        reuse_document(store, 12, code(4), CLERK, unit_ids={AN_BINH})
    assert foreign_dossier.value.code == "reuse.dossier_elsewhere"
    with pytest.raises(InvalidDossierCodeError):
        reuse_document(store, 12, "H57.132-261399-0001", CLERK)  # no 99th month
    with pytest.raises(ReuseRefusedError) as long_note:
        reuse_document(store, 12, code(3), CLERK, note="x" * 501)
    assert long_note.value.code == "reuse.note_too_long"
    assert links(store) == 1


# --- the audit trail and undoing -----------------------------------------------------------


def test_a_reuse_and_its_removal_are_audited(store: Store) -> None:
    reuse_document(store, 11, code(2), CLERK, note="CCCD đã số hóa")
    with store.reading() as session:
        (entry,) = session.scalars(
            select(AuditRecord).where(AuditRecord.action == "document.reused")
        ).all()
    details = json.loads(entry.details)
    assert (entry.subject, entry.actor) == ("document:11", CLERK)
    assert (details["dossier"], details["from_dossier"]) == (code(2), code(1))
    assert (details["note"], details["registered"], details["unit_id"]) == (
        "CCCD đã số hóa",
        True,
        AN_BINH,
    )
    (listed,) = reuses_of_document(store, 11)
    assert (listed.dossier_code, listed.reused_by, listed.note) == (
        code(2),
        CLERK,
        "CCCD đã số hóa",
    )

    with pytest.raises(ReuseRefusedError) as no_reason:
        remove_reuse(store, 11, code(2), CLERK, reason="  ")
    assert no_reason.value.code == "reuse.reason_missing"
    with pytest.raises(ReuseRefusedError) as not_linked:
        remove_reuse(store, 12, code(2), CLERK, reason="Nhầm hồ sơ")
    assert not_linked.value.code == "reuse.not_linked"
    remove_reuse(store, 11, code(2), CLERK, reason="Nhầm hồ sơ")

    assert links(store) == 0 and counts(store, TAGGED, JANUARY) == (0, 3, 0, 0)
    with store.reading() as session:
        removed = session.scalars(
            select(AuditRecord).where(AuditRecord.action == "document.reuse_removed")
        ).one()
        assert audit.verify_chain(session).intact
    assert json.loads(removed.details)["reason"] == "Nhầm hồ sơ"
    reuse_document(store, 11, code(2), CLERK)  # may be reused again after the removal
    assert counts(store, TAGGED, JANUARY)[0] == 1


# --- the exports ----------------------------------------------------------------------------


def test_the_exports_carry_the_reuse_rate_with_its_points_and_definition(store: Store) -> None:
    reuse_document(store, 11, code(2), CLERK)
    report = compute_rates(store, TAGGED, *JANUARY, Grouping.UNIT)

    rows = list(csv.reader(io.StringIO(rates_export_bytes(report, "csv").decode("utf-8-sig"))))
    header, total = rows[0], rows[-2 if rows[-1] == [] else -1]
    title = "Hồ sơ tái sử dụng kết quả số hóa"
    assert [total[header.index(f"{title} - {what}")] for what in ("tử số", "mẫu số")] == ["1", "3"]
    assert total[header.index(f"{title} - tỷ lệ (%)")] == "33.33"
    assert total[header.index(f"{title} - điểm")] == "0.42"

    document = docx.Document(io.BytesIO(rates_export_bytes(report, "docx")))
    cells = [[cell.text for cell in row.cells] for row in document.tables[1].rows]
    reuse_rows = [row for row in cells if row[2] == title]
    assert len(reuse_rows) == 3  # two units and the total
    assert reuse_rows[-1][3:] == ["1", "3", "33,33\u00a0%", "0,42"]
    text = "\n".join(paragraph.text for paragraph in document.paragraphs)
    assert f"- {title}: 1/3 hồ sơ, tỷ lệ 33,33\u00a0%, đạt 0,42/1 điểm." in text
    assert "Tỷ lệ hồ sơ tái sử dụng kết quả số hóa = số hồ sơ tiếp nhận trong kỳ" in text


# --- the command line ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def terminal(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A record with the office's register, and lan, a clerk of An Bình, logged in."""
    data_dir = tmp_path_factory.mktemp("reuse") / "var"
    data_dir.mkdir()
    opened = Store(f"sqlite:///{data_dir / 'sohoa.db'}")
    upgrade(opened)
    write_office(opened)
    opened.dispose()
    person_at_the_terminal(data_dir, "lan", "clerk", units=("xa-an-binh",))
    return data_dir


def test_the_clerk_reuses_lists_and_removes_from_the_command_line(terminal: Path) -> None:
    done = sohoa(terminal, "documents", "reuse", "11", "--dossier", code(2), "--note", "CCCD")
    assert done.returncode == 0, done.stderr
    assert f"Document 11 is reused for dossier {code(2)}." in done.stdout
    twice = sohoa(terminal, "documents", "reuse", "11", "--dossier", code(2))
    assert twice.returncode != 0 and "reused for dossier" in twice.stderr
    own = sohoa(terminal, "documents", "reuse", "11", "--dossier", code(1), SOHOA_LANG="vi")
    assert own.returncode != 0
    assert f"là giấy tờ của chính hồ sơ {code(1)}" in own.stderr

    listed = json.loads(sohoa(terminal, "documents", "reuses", "11", "--json").stdout)
    assert [(item["dossier_code"], item["note"], item["reused_by"]) for item in listed] == [
        (code(2), "CCCD", "cli:lan")
    ]
    table = sohoa(terminal, "documents", "reuses", "--dossier", code(2))
    assert table.returncode == 0, table.stderr
    assert code(1) in table.stdout and "1 reuses." in table.stdout

    rates = sohoa(terminal, "rates", "--from", "2026-01-01", "--to", "2026-01-31", "--json")
    total = json.loads(rates.stdout)["groups"][-1]
    assert total["reuse"] == {
        "numerator": 1, "denominator": 3, "rate": 33.33, "points": 0.42, "tagged": 1, "signed": 0,
    }  # fmt: skip
    shown = sohoa(terminal, "rates", "--from", "2026-01-01", "--to", "2026-01-31")
    assert "reused" in shown.stdout and "Points of the reuse rate: 0,42" in shown.stdout

    removed = sohoa(
        terminal, "documents", "unreuse", "11", "--dossier", code(2), "--reason", "Nhầm"
    )
    assert removed.returncode == 0, removed.stderr
    assert json.loads(sohoa(terminal, "documents", "reuses", "11", "--json").stdout) == []
