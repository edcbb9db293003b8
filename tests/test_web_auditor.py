"""The auditor's pages in-process: rates as compute_rates gives them, the drill-down, the chart
and exports, dossier search and the dossier page, signature checks, receipt usage, the trail.

The register, documents and receipts are written as rows (as the rates tests do); the
signed output is a real PAdES signature from a throwaway PKI; users come from `sohoa users`.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from html.parser import HTMLParser
from pathlib import Path
from zoneinfo import ZoneInfo

import docx
import openpyxl
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from accounts.users import UserSpec
from accounts.users import add_user as add_account
from dossiers.folding import fold
from queries.missing import missing_dossiers
from queries.rates import compute_rates
from queries.receipt_usage import receipt_usage
from reports.rates_labels import (
    describe_group,
    format_integer,
    format_percent,
    rate_figures,
    waiting_line,
)
from reports.rates_model import Grouping, GroupRates, Rate, RatesReport
from service.compose import JobProcess
from signing.keys import forget_signers
from signing.sign import sign_pdf
from store import audit
from store.schema import (
    AuditRecord,
    DocumentRecord,
    PageRecord,
    ReceiptLineRecord,
    ReceiptRecord,
    ReceiptSeriesRecord,
)
from store.states import Role
from tests.support.pki import ThrowawayPki, make_test_pki
from tests.support.rates_register import (
    Row,
    document_row,
    dossier_row,
    procedure_row,
    unit_row,
    write_register,
)
from tests.support.signed_pdfs import make_unsigned_pdf, pkcs12_profile
from tests.support.web import add_user, log_in, web_client, web_services

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
NOVEMBER = {"from": "2026-11-01", "to": "2026-11-30"}
PAGE_SIZE = 5
SIGNED_CODE = "H57.132-261103-000001"
TEXT = "Giấy chứng nhận quyền sử dụng đất của hộ ông Nguyễn Văn Bình"


def at(day: int, month: int = 11, hour: int = 9) -> datetime:
    return datetime(2026, month, day, hour, tzinfo=VIETNAM)


@dataclass
class Office:
    services: JobProcess
    client: TestClient
    csrf: str
    root: Path


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Office]:
    """One data directory for the module: read-mostly; each test looks at its own part."""
    folder = tmp_path_factory.mktemp("auditor")
    data_dir = folder / "var"
    add_user(data_dir, "thu", "auditor")
    pki = make_test_pki(folder / "pki")
    overrides = {"signing": {"trust_roots": [pki.root_cert]}, "web": {"page_size": PAGE_SIZE}}
    with web_services(data_dir, **overrides) as services:
        write_register(services.store, **_november())
        _sign_output(services, folder, pki)
        _add_page_text(services)
        _add_receipts(services)
        with web_client(services) as client:
            yield Office(services, client, log_in(client, "thu"), pki.root_cert)


def _november() -> dict[str, list[Row]]:
    """Nine dossiers in November (two units, one procedure, one online), one in October."""
    plan = [
        # id, received, resolved, unit, channel, intake docs, result docs
        (1, at(3), at(10), 1, "counter", 1, 1),  # fully digitized, its result signed
        (2, at(4), at(12), 1, "counter", 0, 0),  # lacks both
        (3, at(5), at(20), 2, "counter", 1, 0),  # lacks its result
        (4, at(6), None, 2, "counter", 0, 0),  # lacks its intake
        (5, at(7), None, 2, "online", 0, 0),  # online: intake counts as digitized
        (6, at(8), None, 1, "counter", 0, 0),
        (7, at(9), None, 1, "counter", 0, 0),
        (8, at(10), None, 2, "counter", 0, 0),
        (9, at(11), at(25), 2, "postal", 1, 1),
        (10, at(20, month=10), at(5), 1, "counter", 0, 0),  # resolved in November, no result
    ]
    dossiers: list[Row] = []
    documents: list[Row] = []
    for number, received, resolved, unit, channel, intake, result in plan:
        row = dossier_row(
            number, received, resolved_at=resolved, unit_id=unit, procedure_id=1, channel=channel
        )
        dossiers.append(row)
        for kind, count in (("intake", intake), ("result", result)):
            for _ in range(count):
                document = document_row(len(documents) + 1, number, kind=kind)
                documents.append({**document, "dossier_code": row["code"], "page_count": 1})
    return {
        "units": [unit_row(1, "UB1"), unit_row(2, "UB2")],
        "procedures": [procedure_row(1, "1.001612", field="Hộ tịch")],
        "dossiers": dossiers,
        "documents": documents,
    }


def _sign_output(services: JobProcess, folder: Path, pki: ThrowawayPki) -> None:
    """Dossier 1's result (document 2) as a signed output under the data directory."""
    relative = f"outputs/UB1/{SIGNED_CODE}/{SIGNED_CODE}-KQ1.pdf"
    target = services.layout.absolute(relative)
    target.parent.mkdir(parents=True, exist_ok=True)
    unsigned = make_unsigned_pdf(folder / "ket-qua.pdf", b"Ket qua giai quyet")
    sign_pdf(unsigned, target, pkcs12_profile(pki, folder), field_name="ChuKyCoQuan")
    forget_signers()  # signers are cached per process by profile name
    with services.store.writing() as session:
        document = session.get_one(DocumentRecord, 2)
        assert document.dossier_code == SIGNED_CODE and document.kind == "result"
        document.output_path = relative
        document.signed_at = at(10, hour=15)


def _add_page_text(services: JobProcess) -> None:
    with services.store.writing() as session:
        session.add(PageRecord(document_id=1, number=1, text=TEXT, folded=fold(TEXT)))
        audit.record(session, "document.tagged", "document:1", "web:lan", code=SIGNED_CODE)


def _add_receipts(services: JobProcess) -> None:
    with services.store.writing() as session:
        series = ReceiptSeriesRecord(
            form_symbol="01BLP0-001",
            series_symbol="BI-26T",
            year=2026,
            organization="UBND xã An Bình",
            tax_code="0312345678",
            address="Thôn Phú Lộc",
            unit_id=1,
            profile="thu-phi",
            last_number=2,
            created_at=at(1),
        )
        session.add(series)
        session.flush()
        for number, state, total in ((1, "issued", 50_000), (2, "cancelled", 8_000)):
            receipt = ReceiptRecord(
                series_id=series.id,
                number=number,
                state=state,
                issued_at=at(3, hour=10),
                issued_by="web:lan",
                payer="Nguyễn Thị Hoà",
                dossier_code=SIGNED_CODE,
                dossier_id=1,
                method="cash",
                total=total,
            )
            session.add(receipt)
            session.flush()
            session.add(
                ReceiptLineRecord(
                    receipt_id=receipt.id,
                    position=1,
                    name="Lệ phí hộ tịch",
                    kind="fee",
                    amount=total,
                )
            )


# --- reading pages ---------------------------------------------------------------------------


class _Tables(HTMLParser):
    """Every table row of a page as its cells' text."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            # Runs of ASCII white space only: a no-break space (80,00 %) is part of the text.
            self.rows[-1].append(re.sub(r"[ \t\r\n\f\v]+", " ", "".join(self._cell)).strip())
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def table_rows(html: str) -> list[list[str]]:
    parser = _Tables()
    parser.feed(html)
    return parser.rows


def links(html: str, start: str) -> list[str]:
    return [
        link.replace("&amp;", "&")
        for link in re.findall(rf'href="({re.escape(start)}[^"]*)"', html)
    ]


def cells(report: RatesReport, rate: Rate) -> list[str]:
    return rate_figures(report, rate)


def expected_row(report: RatesReport, group: GroupRates, label: str) -> list[str]:
    row = [label]
    for rate in (group.intake, group.result, group.full, group.reuse):
        row += cells(report, rate)
    lacking = [group.intake, group.result]
    return row + [format_integer(rate.denominator - rate.numerator) for rate in lacking]


def missing_codes(client: TestClient, url: str) -> list[str]:
    """Every code the drill-down lists, following its pages."""
    codes: list[str] = []
    while url:
        answer = client.get(url)
        assert answer.status_code == 200, answer.text[:500]
        codes += [row[0] for row in table_rows(answer.text)[1:]]
        following = re.search(r'rel="next" href="([^"]+)"', answer.text)
        url = following.group(1).replace("&amp;", "&") if following else ""
    return codes


def audit_entries(services: JobProcess, action: str) -> list[AuditRecord]:
    with services.store.reading() as session:
        query = select(AuditRecord).where(AuditRecord.action == action).order_by(AuditRecord.id)
        return list(session.scalars(query))


# --- rates -------------------------------------------------------------------------------------


def test_the_rates_table_shows_what_compute_rates_gives(office: Office) -> None:
    store, settings = office.services.store, office.services.settings.rates
    november = date(2026, 11, 1), date(2026, 11, 30)
    total = compute_rates(store, settings, *november)
    answer = office.client.get("/auditor/rates", params=NOVEMBER)
    assert answer.status_code == 200
    rows = table_rows(answer.text)
    assert expected_row(total, total.total, "Tổng cộng") in rows
    assert format_percent(total.total.intake.percent) == "44,44\u00a0%"  # 4 of 9, one online
    said = waiting_line(total)
    assert total.total.waiting and said is not None
    assert f'<p class="note waiting">{said}</p>' in answer.text

    by_unit = compute_rates(store, settings, *november, Grouping.UNIT)
    answer = office.client.get("/auditor/rates", params={**NOVEMBER, "by": "unit"})
    rows = table_rows(answer.text)
    assert expected_row(by_unit, by_unit.total, "Tổng cộng") in rows
    for group in by_unit.groups:
        assert expected_row(by_unit, group, f"Đơn vị {group.group} {group.group}") in rows
    assert [group.group for group in by_unit.groups] == ["UB1", "UB2"]
    assert [group.group_name for group in by_unit.groups] == ["Đơn vị UB1", "Đơn vị UB2"]
    assert '<td>Đơn vị UB1 <small class="muted code">UB1</small></td>' in answer.text

    by_procedure = office.client.get("/auditor/rates", params={**NOVEMBER, "by": "procedure"})
    assert '<td>Thủ tục 1.001612 <small class="muted code">1.001612</small></td>' in (
        by_procedure.text
    )

    monthly = compute_rates(store, settings, *november, Grouping.UNIT, Grouping.MONTH)
    answer = office.client.get("/auditor/rates", params={**NOVEMBER, "by": "unit", "then": "month"})
    rows = table_rows(answer.text)
    for group in monthly.groups:
        assert group.subgroup is not None
        assert expected_row(monthly, group, describe_group(group.subgroup, Grouping.MONTH)) in rows
    assert "Đơn vị: Đơn vị UB2 (UB2)" in answer.text

    refused = office.client.get("/auditor/rates", params={"from": "2026-11-30", "to": "2026-11-01"})
    assert refused.status_code == 400
    assert "Ngày kết thúc phải bằng hoặc sau ngày bắt đầu" in refused.text


def test_the_drill_down_lists_exactly_the_missing_dossiers(office: Office) -> None:
    store, settings = office.services.store, office.services.settings.rates
    lacking = missing_dossiers(store, settings, date(2026, 11, 1), date(2026, 11, 30))
    assert len(lacking) > PAGE_SIZE  # the list takes two pages

    page = office.client.get("/auditor/rates", params={**NOVEMBER, "by": "unit"}).text
    every = missing_codes(office.client, "/auditor/rates/missing?from=2026-11-01&to=2026-11-30")
    assert every == [dossier.code for dossier in lacking]

    intake_links = [
        link for link in links(page, "/auditor/rates/missing") if "lacking=intake" in link
    ]
    unit2 = next(link for link in intake_links if "group=UB2" in link)
    shown = office.client.get(unit2).text
    assert "Đơn vị: <strong>Đơn vị UB2 (UB2)</strong>" in shown
    assert table_rows(shown)[1][1:3] == ["Đơn vị UB2 UB2", "Thủ tục 1.001612 1.001612"]
    assert missing_codes(office.client, unit2) == [
        dossier.code
        for dossier in lacking
        if dossier.unit == "UB2"
        and dossier.received_at.astimezone(VIETNAM).month == 11
        and "intake" in dossier.missing
    ]
    unit1 = next(
        link
        for link in links(page, "/auditor/rates/missing")
        if "group=UB1" in link and "lacking=result" in link
    )
    listed = missing_codes(office.client, unit1)
    assert listed == [d.code for d in lacking if d.unit == "UB1" and "result" in d.missing]
    assert "H57.132-261020-000010" in listed  # received in October, resolved in November

    autumn = {"from": "2026-10-01", "to": "2026-11-30", "by": "month"}
    monthly = links(office.client.get("/auditor/rates", params=autumn).text, "/auditor/rates/")
    october = next(link for link in monthly if "group=2026-10" in link and "=intake" in link)
    assert missing_codes(office.client, october) == ["H57.132-261020-000010"]
    november = next(link for link in monthly if "group=2026-11" in link and "=result" in link)
    assert missing_codes(office.client, november) == [
        d.code for d in lacking if "result" in d.missing
    ]

    listing = office.client.get(unit2).text
    assert "Chưa có giấy tờ tiếp nhận nào được số hóa." in listing
    first = office.client.get("/auditor/rates/missing", params=NOVEMBER).text
    assert f'href="/auditor/dossiers/{lacking[0].code}"' in first


def test_the_chart_is_a_png(office: Office) -> None:
    answer = office.client.get(
        "/auditor/rates/chart.png", params={**NOVEMBER, "by": "unit", "rate": "result"}
    )
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "image/png"
    assert answer.content.startswith(b"\x89PNG\r\n\x1a\n")
    page = office.client.get("/auditor/rates", params={**NOVEMBER, "by": "unit"}).text
    assert 'src="/auditor/rates/chart.png?from=2026-11-01&amp;to=2026-11-30&amp;by=unit' in page


def test_each_export_downloads_a_valid_file_recorded_with_the_auditor(office: Office) -> None:
    page = office.client.get("/auditor/rates", params={**NOVEMBER, "by": "unit"}).text
    downloads = {}
    for link in links(page, "/auditor/rates/export"):
        answer = office.client.get(link)
        assert answer.status_code == 200, answer.text[:300]
        assert answer.headers["content-disposition"].startswith("attachment;")
        downloads[link.rsplit("format=", 1)[1][:4]] = answer.content
    docx_answer = office.client.get(
        "/auditor/rates/export",
        params={
            **NOVEMBER, "by": "unit", "format": "docx", "agency": "UBND huyện Quỳnh Lưu",
            "place": "Quỳnh Lưu", "number": "7", "abbreviation": "UBND",
        },
    )  # fmt: skip
    downloads["docx"] = docx_answer.content
    assert set(downloads) == {"csv", "xlsx", "docx"}

    rows = list(csv.reader(io.StringIO(downloads["csv"].decode("utf-8-sig"))))
    assert rows[0][:2] == ["Đơn vị", "Tên đơn vị"]
    assert [row[:2] for row in rows[1:]] == [
        ["UB1", "Đơn vị UB1"],
        ["UB2", "Đơn vị UB2"],
        ["Tổng cộng", ""],
    ]
    assert rows[-1][2:4] == ["4", "9"]
    workbook = openpyxl.load_workbook(io.BytesIO(downloads["xlsx"]))
    sheet = workbook.worksheets[0]
    assert [sheet.cell(row, 1).value for row in (6, 7, 8)] == ["UB1", "UB2", "Tổng cộng"]
    assert [sheet.cell(row, 2).value for row in (6, 7)] == ["Đơn vị UB1", "Đơn vị UB2"]
    assert sheet.cell(8, 3).value == 4 and sheet.cell(8, 4).value == 9
    document = docx.Document(io.BytesIO(downloads["docx"]))
    heading = " ".join(cell.text for cell in document.tables[0]._cells)
    assert "UBND HUYỆN QUỲNH LƯU" in heading.upper()
    assert "Số: 07/BC-UBND" in heading and "Quỳnh Lưu, ngày " in heading
    assert 'name="place"' in page and 'name="abbreviation"' in page
    assert document.paragraphs[0].text == "BÁO CÁO"

    recorded = audit_entries(office.services, "rates.exported")[-3:]
    assert [entry.actor for entry in recorded] == ["web:thu"] * 3
    hashes = {json.loads(entry.details)["sha256"] for entry in recorded}
    assert hashes == {hashlib.sha256(content).hexdigest() for content in downloads.values()}
    assert all(json.loads(entry.details)["by"] == "unit" for entry in recorded)


# --- dossiers ----------------------------------------------------------------------------------


def test_search_finds_the_dossier_by_code_and_by_text(office: Office) -> None:
    by_prefix = office.client.get("/auditor/dossiers", params={"code": " h57.132-2611 "})
    codes = [row[0] for row in table_rows(by_prefix.text)[1:]]
    assert codes[:PAGE_SIZE] == sorted(codes) and len(codes) == PAGE_SIZE
    assert 'rel="next"' in by_prefix.text
    exact = office.client.get("/auditor/dossiers", params={"code": f"{SIGNED_CODE}-KQ1"})
    assert [row[0] for row in table_rows(exact.text)[1:]] == [SIGNED_CODE]
    named = ["Đơn vị UB1 UB1", "Thủ tục 1.001612 1.001612"]  # name, code beside
    assert table_rows(exact.text)[1][1:3] == named
    assert f'href="/auditor/dossiers/{SIGNED_CODE}"' in exact.text

    by_text = office.client.get("/auditor/dossiers", params={"text": "quyen su dung dat"})
    rows = table_rows(by_text.text)[1:]
    assert [row[:3] for row in rows] == [[SIGNED_CODE, "scan-1.pdf", "1"]]
    assert rows[0][3] == TEXT
    assert "<mark>quyền</mark> <mark>sử</mark> <mark>dụng</mark> <mark>đất</mark>" in by_text.text
    nothing = office.client.get("/auditor/dossiers", params={"text": "không hề có"})
    assert "Không có trang văn bản nào" in nothing.text


def test_the_dossier_page_shows_the_register_documents_and_receipts(office: Office) -> None:
    answer = office.client.get(f"/auditor/dossiers/{SIGNED_CODE}")
    assert answer.status_code == 200
    page = answer.text
    for shown in ("1.001612", "Hộ tịch", "UB1", "Trực tiếp", "03/11/2026 09:00", "10/11/2026"):
        assert shown in page
    assert '<dd>Đơn vị UB1 <small class="muted code">UB1</small></dd>' in page
    assert 'Thủ tục 1.001612 <small class="muted code">1.001612</small>' in page
    rows = table_rows(page)
    documents = [row for row in rows if row and row[0] in ("1", "2")]
    assert documents[0][1:5] == ["Hồ sơ tiếp nhận", "Đã số hóa", "Theo tên thư mục", ""]
    assert documents[1][1] == "Kết quả giải quyết" and documents[1][7].startswith("Đã ký")
    assert f"{SIGNED_CODE}-KQ1.pdf" in documents[1][8]
    receipts = [row for row in rows if row and row[0] in ("0000001", "0000002")]
    assert [row[2:6] for row in receipts] == [
        ["BI-26T", "03/11/2026 10:00", "Đã lập", "50.000 đ"],
        ["BI-26T", "03/11/2026 10:00", "Đã hủy", "8.000 đ"],
    ]

    output = office.client.get("/auditor/documents/2/output")
    assert output.status_code == 200 and output.content.startswith(b"%PDF")
    downloaded = audit_entries(office.services, "document.downloaded")[-1]
    assert (downloaded.subject, downloaded.actor) == ("document:2", "web:thu")
    assert office.client.get("/auditor/documents/1/output").status_code == 404  # no output
    assert office.client.get("/auditor/dossiers/H57.132-261130-9999").status_code == 404


def test_verifying_a_signature_reports_it_valid(office: Office) -> None:
    refused = office.client.post("/auditor/documents/2/verify", follow_redirects=False)
    assert refused.status_code == 403  # no CSRF token

    answer = office.client.post(
        "/auditor/documents/2/verify", data={"csrf_token": office.csrf}, follow_redirects=False
    )
    assert answer.status_code == 303
    target = answer.headers["location"]
    assert target.startswith(f"/auditor/dossiers/{SIGNED_CODE}?checked=")
    page = office.client.get(target).text
    assert "Tất cả chữ ký hợp lệ" in page
    check = next(row for row in table_rows(page) if row and row[0] == "ChuKyCoQuan")
    assert check[1] == "UBND xã An Bình"
    assert check[3] == "B-B"
    assert check[4].startswith("Hợp lệ") and "Chứng thư tin cậy: có" in check[4]
    assert check[5] == "Không có gì được thêm sau khi ký"
    assert "do người ký tự khai" in check[2]

    recorded = audit_entries(office.services, "document.signatures_verified")[-1]
    details = json.loads(recorded.details)
    assert recorded.actor == "web:thu" and recorded.subject == "document:2"
    assert details["all_valid"] is True and details["file"].endswith("-KQ1.pdf")
    assert str(office.root) not in recorded.details  # no path of the machine


# --- receipts and the trail ---------------------------------------------------------------------


def test_receipt_usage_per_series(office: Office) -> None:
    answer = office.client.get("/auditor/receipt-usage", params=NOVEMBER)
    usage = receipt_usage(office.services.store, date(2026, 11, 1), date(2026, 11, 30))[0]
    row = next(row for row in table_rows(answer.text) if row and row[1] == "BI-26T")
    assert row == [
        "01BLP0-001",
        "BI-26T",
        "0000001",
        "0000002",
        str(usage.used),
        str(usage.issued),
        str(usage.cancelled),
        "0",
        "0",
        "50.000 đ",
    ]
    assert "Đã hủy: số 2" in answer.text
    export = office.client.get("/auditor/receipt-usage/export", params={**NOVEMBER})
    assert export.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(export.content)).worksheets[0]
    assert sheet.cell(2, 2).value == "BI-26T" and sheet.cell(2, 5).value == 2
    recorded = audit_entries(office.services, "receipt_usage.exported")[-1]
    assert recorded.actor == "web:thu"


def test_the_trail_filters_newest_first_a_page_at_a_time(office: Office) -> None:
    add_account(
        office.services.store,
        UserSpec(
            "hung", frozenset({Role.OFFICER}), "mat-khau-rat-dai-1", full_name="Trần Văn Hùng"
        ),
        "cli:admin",
    )
    with office.services.store.writing() as session:
        for number in range(7):
            audit.record(session, "batch.approved", f"batch:{number}", "web:hung", documents=2)
    answer = office.client.get("/auditor/audit", params={"action": "batch."})
    rows = table_rows(answer.text)[1:]
    assert [row[4] for row in rows] == [f"batch:{n}" for n in (6, 5, 4, 3, 2)]
    assert all(row[2] == "Trần Văn Hùng web:hung" for row in rows)
    assert all(row[3] == "Duyệt lô ký" and row[5] == "Số văn bản 2" for row in rows)
    older = re.search(r'rel="next" href="([^"]+)"', answer.text)
    assert older is not None
    second = office.client.get(older.group(1).replace("&amp;", "&"))
    assert [row[4] for row in table_rows(second.text)[1:]] == ["batch:1", "batch:0"]
    assert 'rel="prev"' in second.text and 'rel="next"' not in second.text

    by_actor = office.client.get("/auditor/audit", params={"actor": "web:lan"})
    assert [row[3] for row in table_rows(by_actor.text)[1:]] == ["Gắn mã hồ sơ"]
    today = datetime.now(UTC).astimezone(VIETNAM).date().isoformat()
    by_day = office.client.get(
        "/auditor/audit", params={"subject": "document:1", "from": today, "to": today}
    )
    assert len(table_rows(by_day.text)) == 2
    long_ago = office.client.get(
        "/auditor/audit", params={"from": "2020-01-01", "to": "2020-01-02"}
    )
    assert "Không có mục nhật ký nào khớp." in long_ago.text


def test_the_trail_reads_in_words_and_filters_by_the_words_of_an_action(office: Office) -> None:
    with office.services.store.writing() as session:
        audit.record(
            session,
            "user.access_changed",
            "user:lan",
            "web:admin",
            roles=["clerk"],
            units=["UB1"],
            active=False,
        )
    answer = office.client.get("/auditor/audit", params={"action": "user.access_changed"})
    rows = table_rows(answer.text)[1:]
    assert rows[0][3:] == [
        "Đổi quyền người dùng",
        "user:lan",
        "Còn hoạt động không Vai trò Cán bộ một cửa Đơn vị UB1",
    ]
    table = answer.text[answer.text.index("<table") :]
    assert "user.access_changed" not in table and "{" not in table
    assert '<option value="user.access_changed" selected>Đổi quyền người dùng</option>' in (
        answer.text
    )
    assert '<option value="document.tagged">Gắn mã hồ sơ</option>' in answer.text

    today = datetime.now(UTC).astimezone(VIETNAM).date().isoformat()
    export = office.client.get("/auditor/audit/export", params={"start": today, "end": today})
    raw = [json.loads(line) for line in export.text.splitlines()]
    changed = [line for line in raw if line["action"] == "user.access_changed"][-1]
    assert changed["actor"] == "web:admin"
    assert changed["details"] == {"active": False, "roles": ["clerk"], "units": ["UB1"]}


def test_the_trail_is_verified_and_exported(office: Office) -> None:
    answer = office.client.post(
        "/auditor/audit/verify", data={"csrf_token": office.csrf}, follow_redirects=True
    )
    with office.services.store.reading() as session:
        verified = audit.verify_chain(session)
    assert "Chuỗi nhật ký toàn vẹn" in answer.text
    assert f"Đã kiểm tra {verified.entries - 1} mục" in answer.text

    today = datetime.now(UTC).astimezone(VIETNAM).date().isoformat()
    export = office.client.get("/auditor/audit/export", params={"start": today, "end": today})
    assert export.status_code == 200
    lines = [json.loads(line) for line in export.text.splitlines()]
    assert lines and lines[-1]["action"] == "audit.verified"
    recorded = audit_entries(office.services, "audit.exported")[-1]
    assert recorded.actor == "web:thu"
    assert json.loads(recorded.details)["sha256"] == hashlib.sha256(export.content).hexdigest()


def test_a_tampered_entry_is_named(tmp_path: Path) -> None:
    data_dir = tmp_path / "var"
    add_user(data_dir, "thu", "auditor")
    with web_services(data_dir) as services, web_client(services) as client:
        csrf = log_in(client, "thu")
        with services.store.writing() as session:
            for number in range(3):
                audit.record(session, "document.tagged", f"document:{number}", "web:lan")
            target = audit.record(session, "document.tagged", "document:9", "web:lan").id
        with services.store.engine.begin() as connection:
            # As someone with the database file would: around the trigger that refuses it.
            connection.exec_driver_sql("DROP TRIGGER IF EXISTS audit_entries_no_update")
            connection.exec_driver_sql(
                f"UPDATE audit_entries SET actor = 'web:khac' WHERE id = {target}"
            )
        answer = client.post(
            "/auditor/audit/verify", data={"csrf_token": csrf}, follow_redirects=True
        )
    assert "Chuỗi nhật ký bị phá vỡ" in answer.text
    assert f"tại mục số <strong>{target}</strong>" in answer.text
    assert "nội dung mục này khác với lúc được niêm phong" in answer.text


def test_other_roles_are_refused(tmp_path: Path) -> None:
    data_dir = tmp_path / "var"
    add_user(data_dir, "lan", "clerk", units=("UB1",))
    with web_services(data_dir) as services, web_client(services) as client:
        csrf = log_in(client, "lan")
        for path in (
            "/auditor/rates",
            "/auditor/dossiers",
            "/auditor/audit",
            "/auditor/receipt-usage",
            "/auditor/audit/export",
        ):
            assert client.get(path).status_code == 403, path
        refused = client.post("/auditor/audit/verify", data={"csrf_token": csrf})
        assert refused.status_code == 403
        anonymous = TestClient(client.app, base_url="http://127.0.0.1")
        assert anonymous.get("/auditor/rates", follow_redirects=False).status_code == 303
