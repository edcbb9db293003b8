"""Daily data for the tax authority: each Vietnam day's summary of each receipt series, signed
with the series' profile, valid against the shipped XSD, verified by xmlsec1 (an independent
verifier), delivered once into the outbox (0600, never overwritten) and audited."""

from __future__ import annotations

import datetime as dt
import shutil
import stat
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from lxml import etree
from sqlalchemy import func, select

from config import SohoaError
from config.daily_data_settings import DailyDataSettings
from receipt_counter.changes import cancel_receipt, replace_receipt
from receipt_counter.daily_data import Outcome, deliver_daily_data, deliver_due_days
from receipt_counter.errors import ReceiptError
from receipt_counter.flow import IssuedReceipt, IssueRequest, issue_receipt
from receipt_counter.series import SeriesSpec, add_series
from receipt_counter.transmission import (
    BUILT_IN,
    DailySummaryFile,
    DeliveryError,
    DeliveryReceipt,
    configured_provider,
)
from receipt_counter.transmission_outbox import OutboxProvider
from receipts.daily_summary import SCHEMA, DailySummary, build_summary, summary_problem
from receipts.receipt_text import VIETNAM
from service.compose import JobProcess
from store.daily_data import DELIVERED
from store.database import Store
from store.migrate import upgrade
from store.schema import AuditRecord, ReceiptRecord, ReceiptSeriesRecord
from tests.support.databases import postgres_database
from tests.support.pki import ThrowawayPki
from tests.support.service import sohoa
from tests.support.signed_pdfs import require_tool
from tests.support.web import web_services
from tests.test_receipt_message import profile_settings
from tests.test_web_public_check import add_bi_26t

pytest_plugins = ("tests.support.signing_fixtures",)

ACTOR = "web:lan"


@pytest.fixture(params=["pkcs12", "token"])
def office(
    request: pytest.FixtureRequest, tmp_path: Path, pki: ThrowawayPki
) -> Iterator[JobProcess]:
    """Series BI-26T and BL-26E of UBND xã An Bình, both signed by profile thu-phi."""
    token = request.getfixturevalue("token_profile") if request.param == "token" else None
    profile = profile_settings(request.param, pki, tmp_path, token)
    with web_services(tmp_path / "var", signing={"profiles": {"thu-phi": profile}}) as services:
        add_bi_26t(services)
        spec = SeriesSpec(
            "01BLP0-001", "BL-26E", "UBND xã An Bình", "0312345678", "Thôn Phú Lộc, xã An Bình",
            "xa-an-binh", "thu-phi",
        )  # fmt: skip
        add_series(services, spec, "test")
        yield services


def issue(services: JobProcess, series: str, payer: str, amount: int) -> IssuedReceipt:
    request = IssueRequest(series=series, payer=payer, dossier_code=None,
                           items=(("Lệ phí chứng thực", amount),))  # fmt: skip
    return issue_receipt(services, request, ACTOR)


def the_day_after(day: dt.date, minutes: int = 10) -> dt.datetime:
    """A moment just after `day` is over in Vietnam."""
    midnight = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), VIETNAM)
    return midnight + dt.timedelta(minutes=minutes)


def names_in(folder: Path) -> set[str]:
    return {path.name for path in folder.iterdir()}


def xmlsec1_verify(document: Path, root: Path) -> subprocess.CompletedProcess[str]:
    require_tool(shutil.which("xmlsec1") is not None, "xmlsec1")
    return subprocess.run(
        ["xmlsec1", "--verify", "--id-attr:Id", "DLBTHop", "--trusted-pem", str(root),
         str(document)],
        capture_output=True, text=True,
    )  # fmt: skip


def lines_of(document: Path) -> list[dict[str, str]]:
    root = etree.parse(str(document)).getroot()
    return [
        {child.tag: child.text or "" for child in line}
        for line in root.iterfind("DLBTHop/NDBTHDLieu/DSDLieu/DLieu")
    ]


def deliveries(store: Store) -> int:
    with store.reading() as session:
        return int(
            session.scalar(
                select(func.count()).select_from(AuditRecord).where(AuditRecord.action == DELIVERED)
            )
            or 0
        )


def test_a_day_of_two_series_gives_two_signed_summaries_delivered_once(
    office: JobProcess, pki: ThrowawayPki
) -> None:
    first = issue(office, "BI-26T", "Nguyễn Thị Lan", 10_000)
    cancelled = issue(office, "BI-26T", "Trần Văn Bình", 20_000)
    replaced = issue(office, "BI-26T", "Lê Văn Cường", 30_000)
    cancel_receipt(office, "BI-26T", cancelled.number, "Thu nhầm", ACTOR)
    request = IssueRequest(series="BI-26T", payer="Lê Văn Cường", dossier_code=None,
                           items=(("Lệ phí chứng thực", 35_000),))  # fmt: skip
    replacement = replace_receipt(office, "BI-26T", replaced.number, request, "Sai số tiền", ACTOR)
    other = issue(office, "BL-26E", "Phạm Thị Dung", 50_000)
    cancel_receipt(office, "BL-26E", other.number, "Khách không nộp", ACTOR)
    day = first.data.issued_at.astimezone(VIETNAM).date()
    outbox = office.layout.data_dir / "outbox" / "tax-authority"

    done = deliver_daily_data(office, day, "test", now=the_day_after(day))

    assert [(item.series_symbol, item.outcome) for item in done] == [
        ("BI-26T", Outcome.DELIVERED), ("BL-26E", Outcome.DELIVERED)
    ]  # fmt: skip
    assert done[0].counts == {"issued": 3, "cancelled": 1, "replacement": 1}
    assert done[1].counts == {"issued": 1, "cancelled": 1, "replacement": 0}
    stamp = f"{day:%Y%m%d}"
    names = {f"BTH-01BLP0-001-BI-26T-{stamp}.xml", f"BTH-01BLP0-001-BL-26E-{stamp}.xml"}
    assert names_in(outbox) == names  # nothing half-written left beside them
    schema = etree.XMLSchema(etree.parse(str(SCHEMA)))
    for name in names:
        document = outbox / name
        assert stat.S_IMODE(document.stat().st_mode) == 0o600
        assert schema.validate(etree.parse(str(document))), schema.error_log
        verified = xmlsec1_verify(document, pki.root_cert)
        assert verified.returncode == 0, verified.stderr
        assert "SignedInfo References (ok/all): 2/2" in verified.stderr

    summary = outbox / f"BTH-01BLP0-001-BI-26T-{stamp}.xml"
    general = etree.parse(str(summary)).getroot().find("DLBTHop/TTChung")
    assert general is not None
    assert general.findtext("LKDLieu") == "N"
    assert general.findtext("KDLieu") == f"{day:%d/%m/%Y}"
    assert general.findtext("MST") == "0312345678"
    assert general.findtext("KHBLai") == "BI-26T"
    lines = lines_of(summary)
    assert [(line["SHDon"], line["TThai"]) for line in lines] == [
        (str(first.number), "0"),
        (str(cancelled.number), "0"),
        (str(replaced.number), "0"),
        (str(cancelled.number), "1"),
        (str(replacement.number), "3"),
    ]
    assert lines[4]["SHDCLQuan"] == str(replaced.number)
    assert lines[4]["KHHDCLQuan"] == "BI-26T" and lines[4]["LHDCLQuan"] == "1"
    assert lines[4]["TgTTToan"] == "35000" and lines[1]["TNMua"] == "Trần Văn Bình"
    assert "SHDCLQuan" not in lines[0]

    # A second run, by hand or by `sohoa run`, delivers nothing again.
    again = deliver_daily_data(office, day, "test", now=the_day_after(day, 70))
    assert {item.outcome for item in again} == {Outcome.DELIVERED_BEFORE}
    assert again[0].delivered_to == str(summary)
    due = deliver_due_days(office, now=the_day_after(day, 70))
    assert [item.outcome for item in due if item.day == day] == [Outcome.DELIVERED_BEFORE] * 2
    assert names_in(outbox) == names and deliveries(office.store) == 2

    # One changed character and the signature no longer verifies.
    text = summary.read_text(encoding="utf-8")
    summary.write_text(text.replace("Trần Văn Bình", "Trần Văn Binh"), encoding="utf-8")
    assert xmlsec1_verify(summary, pki.root_cert).returncode != 0


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request: pytest.FixtureRequest) -> Iterator[dict[str, str]]:
    if request.param == "sqlite":
        yield {}
        return
    with postgres_database() as url:
        upgrade(Store(url))
        yield {"database_url": url}


def test_each_event_is_summarised_on_its_own_day(
    tmp_path: Path, pki: ThrowawayPki, database: dict[str, str]
) -> None:
    """Issued one day, cancelled the next: issued in the first day's summary, cancelled in the
    second's; a day with a receipt still being made waits; a day without receipts has none."""
    profile = pki.profile_settings(tmp_path, "thu-phi")
    signing = {"profiles": {"thu-phi": profile}}
    with web_services(tmp_path / "var", signing=signing, **database) as office:
        add_bi_26t(office)
        kept = issue(office, "BI-26T", "Nguyễn Thị Lan", 10_000)
        late = issue(office, "BI-26T", "Trần Văn Bình", 20_000)
        cancel_receipt(office, "BI-26T", late.number, "Thu nhầm", ACTOR)
        day = kept.data.issued_at.astimezone(VIETNAM).date()
        next_day = day + dt.timedelta(days=1)
        with office.store.writing() as session:
            row = session.scalars(
                select(ReceiptRecord).where(ReceiptRecord.number == late.number)
            ).one()
            row.cancelled_at = the_day_after(day, 30).astimezone(dt.UTC)
        with pytest.raises(ReceiptError) as refused:
            deliver_daily_data(office, day, "test", now=the_day_after(day - dt.timedelta(1), 5))
        assert refused.value.code == "receipt_daily.day_not_over"

        first = deliver_daily_data(office, day, "test", now=the_day_after(next_day))
        second = deliver_daily_data(office, next_day, "test", now=the_day_after(next_day))
        empty = deliver_daily_data(office, day - dt.timedelta(1), "test", now=the_day_after(day))

        assert first[0].counts == {"issued": 2, "cancelled": 0, "replacement": 0}
        assert second[0].counts == {"issued": 0, "cancelled": 1, "replacement": 0}
        cancelled_line = lines_of(Path(str(second[0].delivered_to)))[0]
        assert cancelled_line["TThai"] == "1" and cancelled_line["NLap"] == day.isoformat()
        assert empty[0].outcome == Outcome.NO_RECEIPTS and empty[0].file is None

        issuing = issue(office, "BI-26T", "Lê Văn Cường", 5_000)
        later = issuing.data.issued_at.astimezone(VIETNAM).date() + dt.timedelta(days=2)
        with office.store.writing() as session:
            row = session.scalars(
                select(ReceiptRecord).where(ReceiptRecord.number == issuing.number)
            ).one()
            row.state = "issuing"
            row.issued_at = dt.datetime.combine(later, dt.time(9), VIETNAM).astimezone(dt.UTC)
        waiting = deliver_daily_data(office, later, "test", now=the_day_after(later))
        assert waiting[0].outcome == Outcome.STILL_ISSUING and deliveries(office.store) == 2


def test_the_scheduled_pass_delivers_every_series_it_can(tmp_path: Path, pki: ThrowawayPki) -> None:
    """A series whose profile is gone from the settings does not hold the others back; its
    error comes once the others are delivered, and the next pass delivers nothing twice."""
    profile = pki.profile_settings(tmp_path, "thu-phi")
    signing = {"profiles": {"thu-phi": profile}}
    with web_services(tmp_path / "var", signing=signing) as office:
        add_bi_26t(office)
        issued = issue(office, "BI-26T", "Nguyễn Thị Lan", 10_000)
        spec = SeriesSpec(
            "01BLP0-001", "BL-26E", "UBND xã An Bình", "0312345678", "Thôn Phú Lộc, xã An Bình",
            "xa-an-binh", "thu-phi",
        )  # fmt: skip
        add_series(office, spec, "test")
        issue(office, "BL-26E", "Trần Văn Bình", 20_000)
        with office.store.writing() as session:
            other = session.scalars(
                select(ReceiptSeriesRecord).where(ReceiptSeriesRecord.series_symbol == "BL-26E")
            ).one()
            other.profile = "da-xoa"
        day = issued.data.issued_at.astimezone(VIETNAM).date()
        with pytest.raises(SohoaError) as failed:
            deliver_due_days(office, now=the_day_after(day))
        assert failed.value.code == "signing.profile_unknown"
        outbox = office.layout.data_dir / "outbox" / "tax-authority"
        assert names_in(outbox) == {f"BTH-01BLP0-001-BI-26T-{day:%Y%m%d}.xml"}
        with pytest.raises(SohoaError):
            deliver_due_days(office, now=the_day_after(day, 70))
        assert deliveries(office.store) == 1


def test_an_empty_day_gives_an_empty_summary_only_when_the_settings_ask(
    tmp_path: Path, pki: ThrowawayPki
) -> None:
    profile = pki.profile_settings(tmp_path, "thu-phi")
    daily = {"deliver_empty_days": True, "outbox_folder": "ra-thue"}
    day = dt.date(2026, 12, 2)
    with web_services(
        tmp_path / "var",
        signing={"profiles": {"thu-phi": profile}},
        receipts={"daily_data": daily},
    ) as office:
        add_bi_26t(office)
        with office.store.writing() as session:
            series = session.scalars(select(ReceiptSeriesRecord)).one()
            series.created_at = dt.datetime(2026, 12, 1, 2, tzinfo=dt.UTC)
        before = deliver_daily_data(office, dt.date(2026, 11, 30), "test", now=the_day_after(day))
        done = deliver_daily_data(office, day, "test", series="BI-26T", now=the_day_after(day))
    assert before[0].outcome == Outcome.NO_RECEIPTS  # the series did not exist yet
    assert done[0].outcome == Outcome.DELIVERED
    document = tmp_path / "var" / "ra-thue" / "BTH-01BLP0-001-BI-26T-20261202.xml"
    assert names_in(document.parent) == {document.name}
    assert lines_of(document) == []
    assert summary_problem(etree.parse(str(document)).getroot()) is None


def test_an_empty_summary_is_valid_against_the_schema_before_it_is_signed() -> None:
    summary = DailySummary(
        day=dt.date(2026, 12, 3), form_symbol="01BLP0-001", series_symbol="AA/26E",
        organization="UBND xã An Bình", tax_code="0312345678", made_on=dt.date(2026, 12, 4),
        lines=(),
    )  # fmt: skip
    root = build_summary(summary)
    assert root.find("DLBTHop").get("Id") == "DLBTHop-01BLP0-001-AA-26E-20261203"
    problem = summary_problem(root)
    assert problem is not None and "Signature" in problem  # only the signature is missing


def test_the_outbox_never_overwrites_and_leaves_nothing_half_written(tmp_path: Path) -> None:
    outbox = OutboxProvider(tmp_path / "outbox")
    ready = DailySummaryFile("BTH-X-20261203.xml", b"<BTHDLieu/>\n", dt.date(2026, 12, 3),
                             "01BLP0-001", "BI-26T", "0" * 64)  # fmt: skip
    receipt = outbox.deliver(ready)
    assert receipt == DeliveryReceipt("outbox", str(tmp_path / "outbox" / ready.name))
    with pytest.raises(DeliveryError) as refused:
        outbox.deliver(DailySummaryFile(ready.name, b"<other/>\n", ready.day, "a", "b", "1" * 64))
    assert refused.value.code == "receipt_daily.outbox_file_exists"
    assert (tmp_path / "outbox" / ready.name).read_bytes() == b"<BTHDLieu/>\n"
    assert names_in(tmp_path / "outbox") == {ready.name}
    assert stat.S_IMODE((tmp_path / "outbox" / ready.name).stat().st_mode) == 0o600


def test_the_provider_is_chosen_by_name_in_the_settings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    taken: list[DailySummaryFile] = []

    @dataclass(frozen=True)
    class Connector:
        name: str = "connector"

        def deliver(self, summary: DailySummaryFile) -> DeliveryReceipt:
            taken.append(summary)
            return DeliveryReceipt(self.name, "transaction 42")

    monkeypatch.setitem(BUILT_IN, "connector", lambda settings, data_dir: Connector())
    chosen = configured_provider(DailyDataSettings(provider="connector"), tmp_path)
    assert chosen.deliver(DailySummaryFile("f.xml", b"", dt.date(2026, 1, 2), "a", "b", "c"))
    assert len(taken) == 1
    outbox = configured_provider(DailyDataSettings(outbox_folder=Path("di")), tmp_path)
    assert isinstance(outbox, OutboxProvider) and outbox.folder == tmp_path / "di"
    with pytest.raises(DeliveryError) as unknown:
        configured_provider(DailyDataSettings(provider="nobody"), tmp_path)
    assert unknown.value.code == "receipt_daily.provider_unknown"


@pytest.mark.slow
def test_the_command_refuses_a_day_not_over_in_vietnamese(tmp_path: Path) -> None:
    data_dir = tmp_path / "var"
    today = dt.datetime.now(VIETNAM).date()
    refused = sohoa(data_dir, "receipts", "daily", "--date", f"{today:%d/%m/%Y}", SOHOA_LANG="vi")
    assert refused.returncode == 1
    assert f"Ngày {today:%d/%m/%Y} chưa kết thúc" in refused.stderr + refused.stdout
    wrong = sohoa(data_dir, "receipts", "daily", "--date", "31/02/2026")
    assert wrong.returncode != 0 and "DD/MM/YYYY" in wrong.stderr + wrong.stdout
    nothing = sohoa(data_dir, "receipts", "daily", "--json")
    assert nothing.returncode == 0, nothing.stderr
    assert nothing.stdout.strip() == "[]"


def test_sohoa_run_has_a_daily_data_pass_unless_switched_off(tmp_path: Path) -> None:
    from config import load_settings
    from service.schedules import service_schedules
    from store.record import open_record

    def names(**settings: object) -> list[str]:
        record = open_record(load_settings(data_dir=tmp_path / "var", **settings))
        try:
            schedules = service_schedules(record, lambda event: None)
            return [thread.name for thread in schedules._threads]
        finally:
            record.close()

    assert "sohoa-daily-data" in names()
    assert "sohoa-daily-data" not in names(receipts={"daily_data": {"scheduled": False}})
