"""Digitization rates on real SQLite and PostgreSQL: the province's figures, the edge cases
an auditor will try, the rules as settings, grouping, points and the drill-down."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import update

from config.rates_settings import IntakeRule, RatesSettings, ResultScope
from dossiers import Tag, TagSource, parse_dossier_code
from intake.record_outputs import apply_tag
from queries.missing import missing_dossiers
from queries.rates import compute_rates
from reports.rates_model import Grouping, Missing, Rate, RatesReport
from reports.rates_request import InvalidRatesRequestError
from store.database import Store
from store.schema import DocumentRecord, DossierRecord
from tests.support import rates_acceptance as province
from tests.support.databases import migrated_store
from tests.support.rates_register import (
    component_row,
    document_row,
    dossier_row,
    procedure_row,
    unit_row,
    write_register,
)

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
DEFAULTS = RatesSettings()
NATIONAL = RatesSettings(result_scope=ResultScope.WRITTEN_RESULT)
"""The result rate over procedures with a written result only (the national formula 4.1)."""
JANUARY = date(2026, 1, 1), date(2026, 1, 31)


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    with migrated_store(request.param, tmp_path) as opened:
        yield opened


def at(day: int, month: int = 1, hour: int = 10, minute: int = 0, year: int = 2026) -> datetime:
    """A moment in Vietnam time."""
    return datetime(year, month, day, hour, minute, tzinfo=VIETNAM)


def numbers(rate: Rate) -> tuple[int, int, str]:
    return rate.numerator, rate.denominator, rate.shown


def january(store: Store, settings: RatesSettings = DEFAULTS, **grouping: Grouping) -> RatesReport:
    return compute_rates(store, settings, *JANUARY, **grouping)


# --- the province's year -------------------------------------------------------------------


def test_the_province_year_gives_95_70_and_74_10_percent(store: Store) -> None:
    register = province.province_year()
    write_register(
        store, units=register.units, dossiers=register.dossiers, documents=register.documents
    )

    report = compute_rates(store, NATIONAL, province.START, province.END)

    assert numbers(report.total.intake) == (43_581, 45_540, "95.70 %")
    assert numbers(report.total.result) == (33_228, 44_840, "74.10 %")
    every_resolved = compute_rates(store, DEFAULTS, province.START, province.END).total.result
    assert numbers(every_resolved) == (33_228, 45_340, "73.29 %")
    assert (report.total.full.numerator, report.total.full.denominator) == (register.full, 45_540)
    assert report.total.group == "Tổng cộng" and report.groups == ()
    assert report.total.intake.points(report.max_points, report.full_points_at) == Decimal("1")
    assert report.total.result.points(report.max_points, report.full_points_at) == Decimal("0.93")
    monthly = compute_rates(store, NATIONAL, province.START, province.END, Grouping.MONTH)
    assert monthly.total == report.total
    assert [group.group for group in monthly.groups] == [f"2025-{m:02d}" for m in range(1, 13)]
    for name in ("intake", "result", "full"):
        rates = [getattr(group, name) for group in monthly.groups]
        total = getattr(report.total, name)
        assert sum(rate.numerator for rate in rates) == total.numerator
        assert sum(rate.denominator for rate in rates) == total.denominator


# --- edge cases ------------------------------------------------------------------------------


def test_an_empty_period_is_not_applicable_not_zero(store: Store) -> None:
    write_register(store, dossiers=[dossier_row(1, at(5, month=3))])
    report = compute_rates(store, DEFAULTS, date(2026, 1, 1), date(2026, 2, 28), Grouping.MONTH)
    for rates in (report.total, *report.groups):
        for rate in (rates.intake, rates.result, rates.full):
            assert (rate.denominator, rate.percent, rate.shown) == (0, None, "N/A")
            assert rate.points(report.max_points, report.full_points_at) is None
    assert [group.group for group in report.groups] == ["2026-01", "2026-02"]


def test_received_in_one_period_and_resolved_in_the_next(store: Store) -> None:
    write_register(
        store,
        dossiers=[dossier_row(1, at(31, hour=23, minute=30), resolved_at=at(2, month=2))],
        documents=[document_row(1, 1), document_row(2, 1, kind="result")],
    )
    january_report = january(store)
    february = compute_rates(store, DEFAULTS, date(2026, 2, 1), date(2026, 2, 28))
    assert numbers(january_report.total.intake) == (1, 1, "100.00 %")
    assert numbers(january_report.total.result) == (0, 0, "N/A")
    assert numbers(january_report.total.full) == (1, 1, "100.00 %")
    assert numbers(february.total.intake) == (0, 0, "N/A")
    assert numbers(february.total.result) == (1, 1, "100.00 %")
    quarter = compute_rates(store, DEFAULTS, date(2026, 1, 1), date(2026, 3, 31), Grouping.MONTH)
    by_month = {group.group: group for group in quarter.groups}
    assert numbers(by_month["2026-01"].intake)[:2] == (1, 1)
    assert numbers(by_month["2026-01"].result)[:2] == (0, 0)
    assert numbers(by_month["2026-02"].intake)[:2] == (0, 0)
    assert numbers(by_month["2026-02"].result)[:2] == (1, 1)


def test_days_and_months_are_vietnam_days(store: Store) -> None:
    # 23:30 on 31 January in Hanoi is 16:30 UTC; 00:30 on 1 February is still 31 January UTC.
    write_register(
        store,
        dossiers=[
            dossier_row(1, at(31, hour=23, minute=30)),
            dossier_row(2, at(1, month=2, hour=0, minute=30)),
        ],
    )
    assert january(store).total.intake.denominator == 1
    report = compute_rates(store, DEFAULTS, date(2026, 1, 31), date(2026, 2, 1), Grouping.MONTH)
    assert [(g.group, g.intake.denominator) for g in report.groups] == [
        ("2026-01", 1),
        ("2026-02", 1),
    ]


def test_a_procedure_with_no_written_result_counts_only_over_all_resolved(store: Store) -> None:
    write_register(
        store,
        dossiers=[
            dossier_row(1, at(5), resolved_at=at(6), result_required=False),
            dossier_row(2, at(5), resolved_at=at(6)),
        ],
        documents=[document_row(1, 1), document_row(2, 2), document_row(3, 2, kind="result")],
    )
    national = january(store, NATIONAL)
    assert numbers(national.total.result) == (1, 1, "100.00 %")
    assert numbers(national.total.full) == (2, 2, "100.00 %")
    every_resolved = january(store)
    assert numbers(every_resolved.total.result) == (1, 2, "50.00 %")
    assert numbers(every_resolved.total.full) == (2, 2, "100.00 %")
    assert [d.code for d in missing_dossiers(store, NATIONAL, *JANUARY)] == []
    assert [d.missing for d in missing_dossiers(store, DEFAULTS, *JANUARY)] == [(Missing.RESULT,)]


def test_a_dossier_still_waiting_for_its_result_is_not_fully_digitized(store: Store) -> None:
    write_register(store, dossiers=[dossier_row(1, at(5))], documents=[document_row(1, 1)])
    report = january(store)
    assert numbers(report.total.intake) == (1, 1, "100.00 %")
    assert numbers(report.total.full) == (0, 1, "0.00 %")


def test_a_document_tagged_later_counts_from_then_on(store: Store) -> None:
    write_register(
        store,
        dossiers=[dossier_row(1, at(5)), dossier_row(2, at(6))],
        documents=[document_row(1, 1), document_row(2, None)],  # the second is untagged
    )
    assert numbers(january(store).total.intake) == (1, 2, "50.00 %")
    _tag(store, 2, dossier_id=2)
    assert numbers(january(store).total.intake) == (2, 2, "100.00 %")


def test_a_retagged_document_counts_once_for_its_new_dossier(store: Store) -> None:
    write_register(
        store,
        dossiers=[dossier_row(1, at(5)), dossier_row(2, at(6))],
        documents=[document_row(1, 1)],
    )
    before = missing_dossiers(store, DEFAULTS, *JANUARY)
    assert [dossier.code for dossier in before] == [_code(store, 2)]
    _tag(store, 1, dossier_id=2)
    assert numbers(january(store).total.intake) == (1, 2, "50.00 %")
    after = missing_dossiers(store, DEFAULTS, *JANUARY)
    assert [dossier.code for dossier in after] == [_code(store, 1)]


def test_split_stacks_count_their_parts_and_quarantine_never_counts(store: Store) -> None:
    write_register(
        store,
        dossiers=[dossier_row(number, at(5)) for number in (1, 2, 3, 4)],
        documents=[
            document_row(1, 1, status="split"),  # the stack itself, tagged to dossier 1
            document_row(2, 2, parent_id=1),
            document_row(3, 3, parent_id=1),
            document_row(4, 4, status="quarantined"),
        ],
    )
    assert numbers(january(store).total.intake) == (2, 4, "50.00 %")
    missing = missing_dossiers(store, DEFAULTS, *JANUARY)
    assert [dossier.code for dossier in missing] == [_code(store, 1), _code(store, 4)]


# --- the rules as settings -------------------------------------------------------------------


def test_online_dossiers_count_as_digitized_unless_the_settings_say_otherwise(
    store: Store,
) -> None:
    write_register(
        store,
        dossiers=[dossier_row(1, at(5), channel="online"), dossier_row(2, at(5))],
    )
    counted = january(store)
    assert numbers(counted.total.intake) == (1, 2, "50.00 %")
    assert counted.definitions[0] == (
        "Tỷ lệ số hóa hồ sơ tiếp nhận = số hồ sơ tiếp nhận trong kỳ có thành phần hồ sơ đã số "
        "hóa ÷ số hồ sơ tiếp nhận trong kỳ; hồ sơ nộp trực tuyến được tính là đã số hóa."
    )
    strict = RatesSettings(online_counts_as_digitized=False)
    not_counted = january(store, strict)
    assert numbers(not_counted.total.intake) == (0, 2, "0.00 %")
    assert "trực tuyến cũng chỉ được tính" in not_counted.definitions[0]
    assert len(missing_dossiers(store, strict, *JANUARY)) == 2


def test_all_required_components_must_each_be_digitized(store: Store) -> None:
    form, copy = "Đơn đề nghị", "Bản sao giấy chứng nhận"
    write_register(
        store,
        procedures=[
            procedure_row(1, "1.001612", intake_rule="all_required"),
            procedure_row(2, "1.000001", intake_rule="all_required"),  # lists no component
        ],
        components=[component_row(1, 1, form), component_row(2, 1, copy)],
        dossiers=[
            dossier_row(1, at(5), procedure_id=1),  # both components
            dossier_row(2, at(5), procedure_id=1),  # one of two
            dossier_row(3, at(5), procedure_id=1),  # a paper of no known component
            dossier_row(4, at(5), procedure_id=2),  # any one paper will do
        ],
        documents=[
            document_row(1, 1, component=form),
            document_row(2, 1, component=copy),
            document_row(3, 2, component=form),
            document_row(4, 2, component=copy, status="quarantined"),
            document_row(5, 3),
            document_row(6, 4),
        ],
    )
    report = january(store)
    assert numbers(report.total.intake) == (2, 4, "50.00 %")
    assert any("mọi thành phần hồ sơ bắt buộc" in line for line in report.definitions)
    assert any("ít nhất một giấy tờ" in line for line in report.definitions)  # procedure 2
    missing = {dossier.code: dossier for dossier in missing_dossiers(store, DEFAULTS, *JANUARY)}
    assert missing[_code(store, 2)].detail == f"Thành phần hồ sơ chưa số hóa: {copy}."
    assert missing[_code(store, 3)].detail == f"Thành phần hồ sơ chưa số hóa: {copy}; {form}."
    assert missing[_code(store, 3)].missing == (Missing.INTAKE,)


def test_the_default_rule_applies_to_procedures_that_set_none(store: Store) -> None:
    write_register(
        store,
        procedures=[procedure_row(1, "1.001612"), procedure_row(2, "1.000002", "", "at_least_one")],
        components=[component_row(1, 1, "Tờ khai"), component_row(2, 2, "Tờ khai")],
        dossiers=[dossier_row(1, at(5), procedure_id=1), dossier_row(2, at(5), procedure_id=2)],
        documents=[document_row(1, 1), document_row(2, 2)],
    )
    assert numbers(january(store).total.intake) == (2, 2, "100.00 %")
    strict = RatesSettings(default_intake_rule=IntakeRule.ALL_REQUIRED)
    report = january(store, strict)
    assert numbers(report.total.intake) == (1, 2, "50.00 %")
    assert any("mọi thành phần hồ sơ bắt buộc" in line for line in report.definitions)
    assert any("ít nhất một giấy tờ" in line for line in report.definitions)
    assert not any("mọi thành phần" in line for line in january(store).definitions)


# --- grouping --------------------------------------------------------------------------------


def _two_units(store: Store) -> None:
    write_register(
        store,
        units=[unit_row(1, "UB-A"), unit_row(2, "UB-B")],
        procedures=[procedure_row(1, "1.001612", "Đất đai"), procedure_row(2, "2.000815", "")],
        dossiers=[
            dossier_row(1, at(5), unit_id=1, procedure_id=1, resolved_at=at(20)),
            dossier_row(2, at(12), unit_id=2, procedure_id=2, channel="online"),
            dossier_row(3, at(28), unit_id=1, procedure_id=1, channel="postal"),
            dossier_row(4, at(29)),  # the register gave no unit and no procedure
        ],
        documents=[document_row(1, 1), document_row(2, 1, kind="result"), document_row(3, 3)],
    )


@pytest.mark.parametrize(
    ("grouping", "expected"),
    [
        (Grouping.UNIT, {"UB-A": (2, 2), "UB-B": (1, 1), "(không xác định)": (0, 1)}),
        (
            Grouping.PROCEDURE,
            {"1.001612": (2, 2), "2.000815": (1, 1), "(không xác định)": (0, 1)},
        ),
        (Grouping.FIELD, {"Đất đai": (2, 2), "(không xác định)": (1, 2)}),
        (Grouping.CHANNEL, {"Bưu chính": (1, 1), "Trực tiếp": (1, 2), "Trực tuyến": (1, 1)}),
        (Grouping.MONTH, {"2026-01": (3, 4)}),
        (
            Grouping.WEEK,
            {"2026-W01": (0, 0), "2026-W02": (1, 1), "2026-W03": (1, 1), "2026-W04": (0, 0)}
            | {"2026-W05": (1, 2)},
        ),
    ],
)
def test_every_grouping_labels_and_counts(
    store: Store, grouping: Grouping, expected: dict[str, tuple[int, int]]
) -> None:
    _two_units(store)
    report = january(store, grouping=grouping)
    got = {g.group: (g.intake.numerator, g.intake.denominator) for g in report.groups}
    assert got == expected
    assert list(got) == list(expected)  # in report order
    assert numbers(report.total.intake) == (3, 4, "75.00 %")
    assert numbers(report.total.result) == (1, 1, "100.00 %")


def test_a_second_grouping_gives_the_months_of_each_unit(store: Store) -> None:
    _two_units(store)
    write_register(store, dossiers=[dossier_row(5, at(3, month=2), unit_id=1)])
    report = compute_rates(
        store, DEFAULTS, date(2026, 1, 1), date(2026, 2, 28), Grouping.UNIT, Grouping.MONTH
    )
    got = [(g.group, g.subgroup, g.intake.numerator, g.intake.denominator) for g in report.groups]
    assert got == [
        ("UB-A", "2026-01", 2, 2),
        ("UB-A", "2026-02", 0, 1),
        ("UB-B", "2026-01", 1, 1),
        ("(không xác định)", "2026-01", 0, 1),
    ]
    assert report.then_by is Grouping.MONTH and report.total.intake.denominator == 5
    assert any(line.startswith("Theo tháng") for line in report.definitions)


def test_requests_that_make_no_sense_are_refused(store: Store) -> None:
    with pytest.raises(InvalidRatesRequestError, match="ends"):
        compute_rates(store, DEFAULTS, date(2026, 2, 1), date(2026, 1, 1))
    with pytest.raises(InvalidRatesRequestError, match="first one"):
        compute_rates(store, DEFAULTS, *JANUARY, None, Grouping.MONTH)
    with pytest.raises(InvalidRatesRequestError, match="at most one"):
        compute_rates(store, DEFAULTS, *JANUARY, Grouping.MONTH, Grouping.WEEK)


# --- points and the definitions --------------------------------------------------------------


def test_points_are_full_at_80_percent_and_proportional_below(store: Store) -> None:
    rows = [dossier_row(number, at(5)) for number in range(1, 21)]
    write_register(
        store,
        dossiers=rows,
        documents=[document_row(number, number) for number in range(1, 17)],  # 16 of 20
    )
    report = january(store)
    assert numbers(report.total.intake) == (16, 20, "80.00 %")
    assert report.total.intake.points(report.max_points, report.full_points_at) == Decimal("1")
    with store.writing() as session:
        lost = update(DocumentRecord).where(DocumentRecord.id > 12).values(status="received")
        session.execute(lost)
    scored = january(store, RatesSettings(max_points=2, full_points_at=80))
    assert numbers(scored.total.intake) == (12, 20, "60.00 %")
    assert scored.total.intake.points(scored.max_points, scored.full_points_at) == Decimal("1.50")
    assert (scored.max_points, scored.full_points_at) == (Decimal(2), Decimal(80))


def test_definitions_are_vietnamese_sentences_in_nfc(store: Store) -> None:
    report = january(store)
    assert report.definitions
    for line in report.definitions:
        assert unicodedata.is_normalized("NFC", line) and line.endswith(".")
    assert any("thời điểm giải quyết" in line for line in report.definitions)


# --- the drill-down --------------------------------------------------------------------------


def test_missing_dossiers_say_what_is_missing_in_order_and_up_to_a_limit(store: Store) -> None:
    write_register(
        store,
        units=[unit_row(1, "UB-A")],
        procedures=[procedure_row(1, "1.001612")],
        dossiers=[
            dossier_row(1, at(3), unit_id=1, procedure_id=1, resolved_at=at(9)),  # neither
            dossier_row(2, at(4), resolved_at=at(9)),  # no result
            dossier_row(3, at(10, month=12, year=2025), resolved_at=at(8)),  # result only
            dossier_row(4, at(6), resolved_at=at(9)),  # complete
        ],
        documents=[
            document_row(1, 2),
            document_row(2, 4),
            document_row(3, 4, kind="result"),
            document_row(4, 3, kind="result", status="received"),
        ],
    )
    missing = missing_dossiers(store, DEFAULTS, *JANUARY)
    assert [(dossier.code, dossier.missing) for dossier in missing] == [
        (_code(store, 3), (Missing.RESULT,)),
        (_code(store, 1), (Missing.INTAKE, Missing.RESULT)),
        (_code(store, 2), (Missing.RESULT,)),
    ]
    first = missing[1]
    assert (first.unit, first.procedure) == ("UB-A", "1.001612")
    assert first.detail == (
        "Chưa có giấy tờ tiếp nhận nào được số hóa. Chưa có kết quả giải quyết được số hóa."
    )
    assert first.received_at == at(3) and first.resolved_at == at(9)
    assert [dossier.code for dossier in missing_dossiers(store, DEFAULTS, *JANUARY, limit=1)] == [
        _code(store, 3)
    ]
    report = january(store)
    assert report.total.intake.denominator - report.total.intake.numerator == 1
    assert report.total.result.denominator - report.total.result.numerator == 3


# --- helpers ---------------------------------------------------------------------------------


def _tag(store: Store, document_id: int, dossier_id: int) -> None:
    """Tag by hand as the clerk's command does (its file handling aside)."""
    code = _code(store, dossier_id)
    with store.writing() as session:
        document = session.get(DocumentRecord, document_id)
        assert document is not None
        apply_tag(session, document, Tag(parse_dossier_code(code), TagSource.clerk), "clerk")


def _code(store: Store, dossier_id: int) -> str:
    with store.reading() as session:
        dossier = session.get(DossierRecord, dossier_id)
        assert dossier is not None
        return dossier.code
