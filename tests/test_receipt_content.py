"""What a receipt says besides its fees: who collected (on the PDF, in its stamp, in the DOCX
and the signed XML), the kind its series prints as title, the symbols a series may have,
when it was signed, and what a replacement keeps."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import docx
import pytest
from lxml import etree

from accounts.users import UserSpec, add_user, parse_roles
from config import ExitCode, load_settings
from config.settings import InvalidSettingsError
from queries.receipts import receipt_by_id
from receipt_counter.changes import replace_receipt
from receipt_counter.errors import ReceiptError
from receipt_counter.flow import IssueRequest, issue_receipt
from receipt_counter.series import SeriesSpec, add_series
from receipts.model import DEFAULT_RECEIPT_KIND
from receipts.receipt_message import SCHEMA
from service.compose import JobProcess
from service.messages import say
from signing.stamp_style import vietnam_time_in_words
from signing.verify import verify_pdf
from tests.conftest import pdftotext
from tests.support.pki import ThrowawayPki
from tests.support.signed_pdfs import require_tool
from tests.support.web import web_services

pytest_plugins = ("tests.support.signing_fixtures",)

FULL_NAME = "Trần Thị Thu Hà"
DOSSIER = "H57.132-261008-0975"
PAYER = "Nguyễn Thị Hoà"
KIND = "Biên lai thu phí, lệ phí không có mệnh giá"
TIME_IN_WORDS = re.compile(r"\d{2}:\d{2}:\d{2} ngày \d{2}/\d{2}/\d{4}")


def spec(series: str = "BI-26T", form: str = "01BLP0-001", kind: str = "") -> SeriesSpec:
    return SeriesSpec(
        form, series, "UBND xã An Bình", "0312345678", "Thôn Phú Lộc, xã An Bình",
        "xa-an-binh", "thu-phi", kind,
    )  # fmt: skip


@pytest.fixture
def office(tmp_path: Path, pki: ThrowawayPki) -> Iterator[JobProcess]:
    profile = pki.profile_settings(tmp_path, "thu-phi")
    with web_services(tmp_path / "var", signing={"profiles": {"thu-phi": profile}}) as services:
        add_series(services, spec(), "test")
        for name, full_name in (("ha", FULL_NAME), ("tam", "")):
            user = UserSpec(name, parse_roles(["clerk"]), "mat-khau-dai-du-12", ("xa-an-binh",),
                            full_name)  # fmt: skip
            add_user(services.store, user, "test")
        yield services


def issue(services: JobProcess, actor: str = "web:ha", series: str = "BI-26T") -> int:
    request = IssueRequest(
        series=series, payer=PAYER, dossier_code=DOSSIER, items=(("Lệ phí chứng thực", 8000),)
    )
    return issue_receipt(services, request, actor).id


def xmlsec1_verify(message: Path, root: Path) -> subprocess.CompletedProcess[str]:
    require_tool(shutil.which("xmlsec1") is not None, "xmlsec1")
    return subprocess.run(
        ["xmlsec1", "--verify", "--id-attr:Id", "DLBLai", "--trusted-pem", str(root),
         str(message)],
        capture_output=True, text=True,
    )  # fmt: skip


def test_the_collector_is_named_on_every_file_and_in_the_stamp_with_its_time_in_words(
    office: JobProcess, pki: ThrowawayPki
) -> None:
    view = receipt_by_id(office.store, issue(office))
    assert view is not None and view.collector == FULL_NAME
    assert view.kind_name == DEFAULT_RECEIPT_KIND
    assert view.as_dict()["collector"] == FULL_NAME
    layout = office.layout
    assert view.row.pdf_path and view.docx_path and view.xml_path
    pdf = layout.absolute(view.row.pdf_path)
    text = pdftotext(pdf)
    assert FULL_NAME in text
    assert "BIÊN LAI THU THUẾ, PHÍ, LỆ PHÍ KHÔNG IN SẴN MỆNH GIÁ" in text
    # The stamp: who signs, who collected, and when, as "22:55:56 ngày 03/12/2026".
    assert "Ký bởi:" in text and f"Người thu tiền: {FULL_NAME}" in text
    report = verify_pdf(pdf, [pki.root_cert])
    assert report.all_valid
    (signature,) = report.signatures
    assert signature.signed_at is not None
    shown = TIME_IN_WORDS.findall(text)
    assert shown == [vietnam_time_in_words(signature.signed_at)]
    assert "+07:00" not in text

    words = docx.Document(str(layout.absolute(view.docx_path)))
    cells = [cell.text for table in words.tables for row in table.rows for cell in row.cells]
    assert any(FULL_NAME in cell for cell in cells)

    xml = layout.absolute(view.xml_path)
    message = etree.parse(str(xml))
    assert etree.XMLSchema(etree.parse(str(SCHEMA))).validate(message)
    assert message.findtext("DLBLai/NDBLai/NThu/HVTen") == FULL_NAME
    assert message.findtext("DLBLai/TTChung/THDon") == DEFAULT_RECEIPT_KIND
    verified = xmlsec1_verify(xml, pki.root_cert)
    assert verified.returncode == 0, verified.stderr


def test_a_clerk_without_a_full_name_is_named_by_their_login(office: JobProcess) -> None:
    view = receipt_by_id(office.store, issue(office, "web:tam"))
    assert view is not None and view.collector == "tam"
    assert view.row.pdf_path is not None
    assert "Người thu tiền: tam" in pdftotext(office.layout.absolute(view.row.pdf_path))


def test_the_series_kind_is_the_title_of_its_receipts(office: JobProcess) -> None:
    add_series(office, spec("BK-26T", kind=f"  {KIND} "), "test")
    view = receipt_by_id(office.store, issue(office, series="BK-26T"))
    assert view is not None and view.kind_name == KIND
    assert view.row.pdf_path and view.xml_path
    text = pdftotext(office.layout.absolute(view.row.pdf_path))
    assert "BIÊN LAI THU PHÍ, LỆ PHÍ KHÔNG CÓ MỆNH GIÁ" in text
    assert "IN SẴN MỆNH GIÁ" not in text
    message = etree.parse(str(office.layout.absolute(view.xml_path)))
    assert message.findtext("DLBLai/TTChung/THDon") == KIND


@pytest.mark.parametrize(
    ("form", "series", "code", "named"),
    [
        ("01BLP0-01", "BI-26T", "receipt_series.form_symbol_invalid", "01BLP0-01"),
        ("10BLP0-001", "BI-26T", "receipt_series.form_symbol_invalid", "10BLP0-001"),
        ("01HD0-001", "BI-26T", "receipt_series.form_symbol_invalid", "01HD0-001"),
        ("01BLP0-001", "BLP-26TTHCC", "receipt_series.series_symbol_invalid", "BLP-26TTHCC"),
        ("01BLP0-001", "bi-26T", "receipt_series.series_symbol_invalid", "bi-26T"),
        ("01BLP0-001", "BI-26X", "receipt_series.series_symbol_invalid", "BI-26X"),
    ],
)
def test_a_series_with_a_symbol_off_the_rule_is_refused(
    office: JobProcess, form: str, series: str, code: str, named: str
) -> None:
    with pytest.raises(ReceiptError) as refused:
        add_series(office, spec(series, form), "test")
    assert refused.value.code == code and refused.value.exit_code == ExitCode.bad_args
    assert named in refused.value.message
    vietnamese = say(refused.value)
    assert f"«{named}»" in vietnamese and "không đúng cấu trúc" in vietnamese


@pytest.mark.parametrize("accepted", ["12AB-26E", "CD-26P"])
def test_the_rule_accepts_every_shape_it_describes(office: JobProcess, accepted: str) -> None:
    add_series(office, spec(accepted, "02BLP1/002"), "test")


def test_a_series_symbol_with_a_slash_issues_into_files_named_with_a_dash(
    office: JobProcess,
) -> None:
    add_series(office, spec("AB/26E"), "test")
    view = receipt_by_id(office.store, issue(office, series="AB/26E"))
    assert view is not None and view.row.reference == "AB/26E-0000001"
    assert view.row.pdf_path == "receipts/AB-26E/AB-26E-0000001.pdf"
    assert view.xml_path is not None
    message = etree.parse(str(office.layout.absolute(view.xml_path)))
    assert message.findtext("DLBLai/TTChung/KHBLai") == "AB/26E"
    assert "AB/26E" in pdftotext(office.layout.absolute(view.row.pdf_path))


def test_the_symbol_patterns_are_settings_checked_when_read(
    tmp_path: Path, pki: ThrowawayPki
) -> None:
    with pytest.raises(InvalidSettingsError) as refused:
        load_settings(data_dir=tmp_path, receipts={"series_symbol_pattern": "([A-Z"})
    assert "receipts.series_symbol_pattern" in refused.value.message
    assert refused.value.exit_code == ExitCode.invalid_config
    looser = {"series_symbol_pattern": r"^[A-Z]+-(\d{2})[A-Z]+$"}
    profiles = {"profiles": {"thu-phi": pki.profile_settings(tmp_path, "thu-phi")}}
    with web_services(tmp_path / "var", signing=profiles, receipts=looser) as services:
        add_series(services, spec("BLP-26TTHCC"), "test")


def test_a_replacement_keeps_the_dossier_and_payer_unless_new_ones_are_given(
    office: JobProcess,
) -> None:
    first = receipt_by_id(office.store, issue(office))
    assert first is not None
    kept = IssueRequest(series="BI-26T", payer="", dossier_code=None,
                        items=(("Lệ phí chứng thực", 10000),))  # fmt: skip
    second = replace_receipt(office, "BI-26T", first.row.number, kept, "sai số tiền", "web:ha")
    assert (second.data.payer, second.data.dossier_code) == (PAYER, DOSSIER)
    assert second.data.collector == FULL_NAME
    new_dossier = "H57.132-261008-0976"
    changed = IssueRequest(series="BI-26T", payer="Nguyễn Thị Hòa", dossier_code=new_dossier,
                           items=(("Lệ phí chứng thực", 10000),))  # fmt: skip
    third = replace_receipt(office, "BI-26T", second.number, changed, "sai tên", "web:tam")
    assert (third.data.payer, third.data.dossier_code) == ("Nguyễn Thị Hòa", new_dossier)
    assert third.data.collector == "tam"


def test_the_record_and_its_migration_default_to_the_receipts_default_kind() -> None:
    from store.schema import ReceiptSeriesRecord

    default = ReceiptSeriesRecord.__table__.c.kind_name.server_default
    assert default is not None and default.arg == DEFAULT_RECEIPT_KIND  # type: ignore[attr-defined]
    migration = Path(__file__).parents[1] / "store/migrations/versions/0011_receipt_content.py"
    assert f'_DEFAULT_KIND = "{DEFAULT_RECEIPT_KIND}"' in migration.read_text(encoding="utf-8")
