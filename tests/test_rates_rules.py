"""The rules of the rates that are settings, on real SQLite and PostgreSQL: when a document
counts as digitized (attached, or signed with a signature that verified, both counts shown
whatever the rule), the threshold of each year's plan, and the line that says why the full
rate can be below what the missing figures suggest."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pydantic
import pytest

from config.rates_settings import DigitizedRule, RatesSettings
from queries.missing import missing_dossiers
from queries.rates import compute_rates
from reports.rates_labels import describe_counts, list_notes, waiting_line
from reports.rates_model import Missing, Rate
from signing.keys import forget_signers
from signing.sign import sign_pdf
from signing.verify import verify_pdf
from signing_batches.signed_outputs import keep_verdicts, signed_outputs
from store.archive import Layout, sha256_of
from store.database import Store
from tests.support.databases import migrated_store
from tests.support.pki import ThrowawayPki, make_test_pki
from tests.support.rates_register import document_row, dossier_row, write_register
from tests.support.signed_pdfs import PAGE_TEXT, make_unsigned_pdf, pkcs12_profile

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
JANUARY = date(2026, 1, 1), date(2026, 1, 31)
TAGGED = RatesSettings()
SIGNED = RatesSettings(digitized_rule=DigitizedRule.TAGGED_AND_SIGNED)


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    with migrated_store(request.param, tmp_path) as opened:
        yield opened


def at(day: int, month: int = 1, year: int = 2026) -> datetime:
    return datetime(year, month, day, 10, tzinfo=VIETNAM)


def counts(rate: Rate) -> tuple[int, int, int | None, int | None]:
    return rate.numerator, rate.denominator, rate.tagged, rate.signed


def output_row(
    document_id: int,
    dossier_id: int,
    kind: str,
    *,
    signed: bool = False,
    verdict: bool | None = None,
    verified_sha256: str | None = None,
) -> dict[str, Any]:
    """A digitized document with its output; signed or not, and the last verdict on it."""
    written = f"{document_id:064x}"[::-1]
    return {
        **document_row(document_id, dossier_id, kind=kind),
        "output_path": f"outputs/{document_id}.pdf",
        "output_sha256": written,
        "signed_at": at(20) if signed else None,
        "signature_valid": verdict,
        "signature_checked_sha256": verified_sha256 or (written if verdict is not None else None),
    }


# --- tagged or signed: both counts, the rule picks the numerator ---------------------------


def test_only_a_signature_that_verified_on_the_kept_bytes_counts_as_signed(store: Store) -> None:
    write_register(
        store,
        dossiers=[dossier_row(n, at(5), resolved_at=at(25)) for n in range(1, 6)],
        documents=[
            *(output_row(n, n, "intake") for n in range(1, 6)),
            output_row(11, 1, "result"),  # attached, never signed
            output_row(12, 2, "result", signed=True, verdict=True),  # verified valid
            output_row(13, 3, "result", signed=True, verdict=False),  # verified, invalid
            output_row(14, 4, "result", signed=True, verdict=True, verified_sha256="ab" * 32),
            output_row(15, 5, "result", signed=True),  # signed, not verified yet
        ],
    )

    tagged = compute_rates(store, TAGGED, *JANUARY).total
    assert counts(tagged.result) == (5, 5, 5, 1)
    assert counts(tagged.intake) == (5, 5, 5, 0)
    assert counts(tagged.full) == (5, 5, 5, 0)

    signed = compute_rates(store, SIGNED, *JANUARY)
    assert counts(signed.total.result) == (1, 5, 5, 1)
    assert counts(signed.total.intake) == (0, 5, 5, 0)
    assert signed.signed_rule is True
    assert any("chữ ký được kiểm tra là hợp lệ" in line for line in signed.definitions)
    result_line = describe_counts(signed)[1]
    assert result_line.startswith("Số hóa kết quả giải quyết: 5 hồ sơ có giấy tờ đã gắn hồ sơ")
    assert "trong đó 1 hồ sơ có giấy tờ đã ký số hợp lệ và 4 hồ sơ chỉ mới gắn" in result_line
    lacking = {d.code[-1]: d.missing for d in missing_dossiers(store, SIGNED, *JANUARY)}
    assert lacking["2"] == (Missing.INTAKE,)  # its result counts, its intake is unsigned
    assert lacking["3"] == (Missing.INTAKE, Missing.RESULT)


@dataclass(frozen=True)
class Keys:
    ours: ThrowawayPki
    foreign: ThrowawayPki
    unsigned: Path


@pytest.fixture
def fresh_signers() -> Iterator[None]:
    """Signers are cached per process by profile name: open these keys afresh."""
    forget_signers()
    yield
    forget_signers()


@pytest.fixture(scope="module")
def keys(tmp_path_factory: pytest.TempPathFactory) -> Keys:
    folder = tmp_path_factory.mktemp("keys")
    return Keys(
        ours=make_test_pki(folder / "ours"),
        foreign=make_test_pki(folder / "foreign", signer_name="Người lạ"),
        unsigned=make_unsigned_pdf(folder / "unsigned.pdf", PAGE_TEXT),
    )


@pytest.mark.usefixtures("fresh_signers")
def test_an_invalid_signature_does_not_count_as_signed(
    store: Store, keys: Keys, tmp_path: Path
) -> None:
    """Real signed PDFs verified as `sohoa verify --all` does: trusted, signed by a key the
    office does not trust, and altered after signing. Only the first counts as signed."""
    layout = Layout(tmp_path / "data")
    (layout.data_dir / "outputs").mkdir(parents=True)
    ours, foreign = (
        pkcs12_profile(keys.ours, tmp_path),
        pkcs12_profile(keys.foreign, tmp_path, "nguoi-la"),
    )
    rows = []
    for number, profile in ((1, ours), (2, foreign), (3, ours)):
        relative = f"outputs/result-{number}.pdf"
        path = layout.absolute(relative)
        sign_pdf(keys.unsigned, path, profile, field_name="ChuKyCoQuan")
        row = output_row(number + 10, number, "result", signed=True)
        rows.append({**row, "output_path": relative, "output_sha256": sha256_of(path)})
    altered = layout.absolute("outputs/result-3.pdf")
    altered.write_bytes(altered.read_bytes().replace(PAGE_TEXT, PAGE_TEXT.upper()))
    write_register(
        store,
        dossiers=[dossier_row(n, at(5), resolved_at=at(25)) for n in range(1, 4)],
        documents=[*(output_row(n, n, "intake") for n in range(1, 4)), *rows],
    )
    before = compute_rates(store, SIGNED, *JANUARY).total.result
    assert counts(before) == (0, 3, 3, 0)  # signed, but nothing verified yet

    paths = signed_outputs(store, layout)
    reports = [verify_pdf(path, [keys.ours.root_cert]) for path in paths]
    assert [report.all_valid for report in reports] == [True, False, False]
    keep_verdicts(store, layout, [(report.path, report.all_valid) for report in reports])

    assert counts(compute_rates(store, SIGNED, *JANUARY).total.result) == (1, 3, 3, 1)
    assert counts(compute_rates(store, TAGGED, *JANUARY).total.result) == (3, 3, 3, 1)
    # A verified output replaced afterwards by other bytes no longer counts.
    shutil.copyfile(altered, paths[0])
    keep_verdicts(
        store, layout, [(paths[0], verify_pdf(paths[0], [keys.ours.root_cert]).all_valid)]
    )
    assert counts(compute_rates(store, SIGNED, *JANUARY).total.result) == (0, 3, 3, 0)


# --- the threshold of each year's plan ------------------------------------------------------


def test_the_year_of_the_periods_end_chooses_the_threshold(store: Store) -> None:
    dossiers = [dossier_row(n, at(5, 12, 2025)) for n in range(1, 11)]
    write_register(store, dossiers=dossiers, documents=[document_row(n, n) for n in range(1, 9)])
    plans = RatesSettings(full_points_at=75, full_points_by_year={"2025": 90.0, "2026": 80.0})

    december = compute_rates(store, plans, date(2025, 12, 1), date(2025, 12, 31))
    assert december.full_points_at == Decimal("90.0")
    intake = december.total.intake
    assert intake.percent == Decimal("80.00")
    assert intake.points(december.max_points, december.full_points_at) == Decimal("0.89")
    assert any("mức của năm 2025" in note for note in list_notes(december))

    across = compute_rates(store, plans, date(2025, 12, 1), date(2026, 1, 31))
    assert across.full_points_at == Decimal("80.0")
    assert across.total.intake.points(across.max_points, across.full_points_at) == Decimal("1")
    unplanned = compute_rates(store, plans, date(2027, 1, 1), date(2027, 1, 31))
    assert unplanned.full_points_at == Decimal("75")


def test_a_threshold_must_name_a_year_and_a_percentage() -> None:
    with pytest.raises(pydantic.ValidationError, match="not a year"):
        RatesSettings(full_points_by_year={"26": 80.0})
    with pytest.raises(pydantic.ValidationError, match="not a percentage"):
        RatesSettings(full_points_by_year={"2026": 120.0})


# --- why a full rate can be low with nothing missing ----------------------------------------


def test_dossiers_waiting_for_a_result_are_said_beside_the_full_rate(store: Store) -> None:
    write_register(
        store,
        dossiers=[
            dossier_row(1, at(5), resolved_at=at(6)),
            dossier_row(2, at(7)),  # not resolved yet
            dossier_row(3, at(8), resolved_at=at(3, month=2)),  # resolved after the period
            dossier_row(4, at(9), resolved_at=at(10), result_required=False),
            dossier_row(5, at(11)),
        ],
        documents=[
            *(document_row(n, n) for n in range(1, 5)),
            document_row(11, 1, kind="result"),
            document_row(14, 4, kind="result"),
        ],
    )
    report = compute_rates(store, TAGGED, *JANUARY)
    assert counts(report.total.full)[:2] == (2, 5)  # 40 %
    assert (report.total.result.numerator, report.total.result.denominator) == (2, 2)
    assert [d.missing for d in missing_dossiers(store, TAGGED, *JANUARY)] == [(Missing.INTAKE,)]
    assert report.total.waiting == 2
    line = waiting_line(report)
    assert line is not None and line.startswith("2 hồ sơ tiếp nhận trong kỳ đã số hóa thành phần")
    assert "\n" not in line and line in list_notes(report)
    assert waiting_line(compute_rates(store, TAGGED, date(2026, 1, 1), date(2026, 2, 28))) == (
        "1 hồ sơ tiếp nhận trong kỳ đã số hóa thành phần nhưng đang chờ kết quả (chưa giải "
        "quyết trong kỳ) nên chưa được tính là số hóa đầy đủ, và không nằm trong số hồ sơ "
        "thiếu kết quả, vốn chỉ gồm hồ sơ đã giải quyết trong kỳ."
    )


def test_nothing_is_said_when_every_figure_adds_up(store: Store) -> None:
    write_register(
        store,
        dossiers=[dossier_row(1, at(5), resolved_at=at(6, month=1))],
        documents=[document_row(1, 1), document_row(2, 1, kind="result")],
    )
    report = compute_rates(store, TAGGED, *JANUARY)
    assert report.total.waiting == 0 and waiting_line(report) is None
