"""The clerk's pages in-process: tagging by hand, the quarantine, receipts, and units kept apart.

The data is made through the real jobs: small scans OCR'd by Tesseract, a corrupt PDF of the
shared corpus quarantined, receipts signed with a throwaway PKI.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from zoneinfo import ZoneInfo

import pytest
from fastapi.testclient import TestClient
from PIL import Image, ImageDraw
from sqlalchemy import func, select

from accounts.unit_names import rename_unit
from intake.register import IncomingFile, Registered, register
from receipt_counter.fee_catalogue import import_fees
from receipt_counter.flow import IssueRequest, issue_receipt
from receipt_counter.series import SeriesSpec, add_series
from service.compose import JobProcess
from service.web.labels import label
from signing.keys import forget_signers
from store.schema import (
    AuditRecord,
    DocumentRecord,
    FeeRecord,
    JobRecord,
    ReceiptRecord,
    ReceiptSeriesRecord,
    UnitRecord,
)
from store.states import DocumentKind, DocumentStatus, JobStatus, ReceiptState
from tests.support.pages import font
from tests.support.pki import make_test_pki
from tests.support.web import add_user, log_in, web_client, web_services

UNIT_A, UNIT_B = "xa-an-binh", "xa-binh-an"
NAME_A, NAME_B = "Xã An Bình", "Xã Bình An"
PROFILE = "thu-phi-web"
FEES = (
    "procedure_code,name,kind,amount\n"
    "1.001234,Lệ phí đăng ký khai sinh,lệ phí,8000\n"
    "2.000815,Phí chứng thực bản sao,phí,2000\n"
    "2.000815,Phí chứng thực chữ ký,phí,10000\n"
)
YEAR = datetime.now(UTC).astimezone(ZoneInfo("Asia/Ho_Chi_Minh")).year % 100
SERIES_A, SERIES_B = f"BI-{YEAR:02d}T", f"BK-{YEAR:02d}T"


@dataclass(frozen=True)
class Office:
    services: JobProcess
    client: TestClient
    documents: dict[str, int]  # by file name

    def as_clerk(self, name: str) -> str:
        """Log `name` in on the shared client; the session's CSRF token."""
        self.client.cookies.clear()
        return log_in(self.client, name)

    def document(self, document_id: int) -> DocumentRecord:
        with self.services.store.reading() as session:
            return session.get_one(DocumentRecord, document_id)

    def audit(self, action: str, subject: str) -> list[AuditRecord]:
        with self.services.store.reading() as session:
            return list(
                session.scalars(
                    select(AuditRecord)
                    .where(AuditRecord.action == action, AuditRecord.subject == subject)
                    .order_by(AuditRecord.id)
                )
            )


def small_scan(path: Path, *lines: str) -> Path:
    """A small page of Vietnamese text at 300 dpi: quick to OCR, with no dossier code on it."""
    picture = Image.new("L", (1240, 600), 250)
    draw = ImageDraw.Draw(picture)
    for number, line in enumerate(lines):
        draw.text((80, 100 + 90 * number), line, font=font(44), fill=0)
    picture.save(path, dpi=(300, 300))
    return path


def series_spec(symbol: str, unit: str) -> SeriesSpec:
    return SeriesSpec(
        form_symbol="01BLP0-001",
        series_symbol=symbol,
        organization=f"UBND {unit}",
        tax_code="0312345678",
        address="Thôn Phú Lộc",
        unit=unit,
        profile=PROFILE,
    )


def receive(services: JobProcess, unit: str, name: str, write: Callable[[Path], object]) -> int:
    inbox = services.layout.inbox / unit / "intake"
    inbox.mkdir(parents=True, exist_ok=True)
    write(inbox / name)
    incoming = IncomingFile(
        inbox / name, PurePosixPath(f"{unit}/intake/{name}"), unit, DocumentKind.INTAKE, None
    )
    outcome = register(services.context, incoming)
    assert isinstance(outcome, Registered)
    return outcome.document_id


def wait_for_jobs(services: JobProcess, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while True:
        with services.store.reading() as session:
            statuses = session.scalars(select(JobRecord.status)).all()
        if all(JobStatus(status).finished for status in statuses):
            return
        assert time.monotonic() < deadline, f"jobs not finished: {statuses}"
        time.sleep(0.1)


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Office]:
    """Two units, a clerk each (lan: A, minh: B), digitized untagged scans, series and fees."""
    folder = tmp_path_factory.mktemp("clerk")
    data_dir = folder / "var"
    add_user(data_dir, "lan", "clerk", units=(UNIT_A,))
    add_user(data_dir, "minh", "clerk", units=(UNIT_B,))
    profile = make_test_pki(folder / "pki").profile_settings(folder, PROFILE)
    forget_signers()
    with web_services(data_dir, signing={"profiles": {PROFILE: profile}}) as services:
        add_series(services, series_spec(SERIES_A, UNIT_A), "test")
        add_series(services, series_spec(SERIES_B, UNIT_B), "test")
        (folder / "fees.csv").write_text(FEES, encoding="utf-8")
        import_fees(services.store, folder / "fees.csv", "test")
        documents = {
            name: receive(services, unit, name, lambda path, lines=text: small_scan(path, *lines))
            for name, unit, text in (
                ("don-a1.png", UNIT_A, ("Đơn đề nghị cấp bản sao", "Người nộp: Trần Văn Dũng")),
                ("don-a2.png", UNIT_A, ("Tờ khai đăng ký khai sinh", "Người khai: Lê Thị Mai")),
                ("don-b1.png", UNIT_B, ("Giấy ủy quyền", "Bên ủy quyền: Phạm Văn Tâm")),
            )
        }
        wait_for_jobs(services)
        with services.store.reading() as session:
            units = {
                code: id for code, id in session.execute(select(UnitRecord.code, UnitRecord.id))
            }
        rename_unit(services.store, units[UNIT_A], NAME_A, "test")
        rename_unit(services.store, units[UNIT_B], NAME_B, "test")
        with web_client(services) as client:
            yield Office(services, client, documents)
    forget_signers()


def test_tagging_by_hand_moves_the_document_to_its_dossier(office: Office) -> None:
    token = office.as_clerk("lan")
    document_id = office.documents["don-a1.png"]
    listed = office.client.get("/clerk/untagged")
    assert listed.status_code == 200 and "don-a1.png" in listed.text
    assert f"/clerk/documents/{document_id}/pages/1.png" in listed.text
    preview = office.client.get(f"/clerk/documents/{document_id}/pages/1.png")
    assert preview.status_code == 200, preview.text[-1500:]
    assert preview.headers["content-type"] == "image/png" and preview.content[:4] == b"\x89PNG"

    answer = office.client.post(
        f"/clerk/documents/{document_id}/tag",
        data={"code": " h57.132-261008-0975 ", "csrf_token": token},
        follow_redirects=True,
    )

    assert answer.status_code == 200
    assert "Đã gắn tài liệu vào hồ sơ H57.132-261008-0975." in answer.text
    assert "don-a1.png" not in answer.text
    document = office.document(document_id)
    assert (document.dossier_code, document.tag_source) == ("H57.132-261008-0975", "clerk")
    assert document.output_path == f"outputs/{UNIT_A}/H57.132-261008-0975/don-a1.pdf"
    assert (office.services.layout.data_dir / document.output_path).is_file()
    (tagged,) = office.audit("document.tagged", f"document:{document_id}")
    assert tagged.actor == "web:lan"
    intake = office.client.get("/clerk/intake")
    assert "H57.132-261008-0975" in intake.text and "Cán bộ gắn tay" in intake.text


def test_the_intake_page_names_units_and_updates_in_place(office: Office) -> None:
    office.as_clerk("lan")
    page = office.client.get("/clerk/intake")
    assert 'http-equiv="refresh"' not in page.text
    assert '<script src="/static/intake_live.js" defer></script>' in page.text
    assert 'aria-live="polite"' in page.text and ">Tải lại</a>" in page.text
    rows = re.findall(
        r"<tr data-document=\"(\d+)\">\s*<td>[^<]*</td>\s*<td>([^\n]*)</td>", page.text
    )
    named = f'{NAME_A} <small class="muted code">{UNIT_A}</small>'
    assert rows and all(unit == named for _, unit in rows)

    state = office.client.get("/clerk/intake/state")
    assert state.status_code == 200 and state.headers["cache-control"] == "no-store"
    shown = state.json()
    assert {str(document["id"]) for document in shown["documents"]} == {id for id, _ in rows}
    assert shown["summary"].startswith(f"Đã xử lý {shown['finished']}/{shown['files']} tệp")
    first = shown["documents"][0]
    assert first["status_label"] == label("document", first["status"])
    script = office.client.get("/static/intake_live.js")
    assert script.status_code == 200 and "/clerk/intake" not in script.text  # URL from the page
    anonymous = TestClient(office.client.app, base_url="http://127.0.0.1")
    assert anonymous.get("/clerk/intake/state", follow_redirects=False).status_code in (303, 401)


def test_a_malformed_code_is_refused_with_the_reason_and_nothing_changes(office: Office) -> None:
    token = office.as_clerk("lan")
    document_id = office.documents["don-a2.png"]
    before = office.document(document_id)

    answer = office.client.post(
        f"/clerk/documents/{document_id}/tag",
        data={"code": "H57.132-261399-0975", "csrf_token": token},
    )

    assert answer.status_code == 400
    assert "«H57.132-261399-0975» không phải mã hồ sơ hợp lệ" in answer.text
    assert 'value="H57.132-261399-0975"' in answer.text, "what the clerk typed is kept"
    after = office.document(document_id)
    assert (after.dossier_code, after.output_path) == (None, before.output_path)
    assert not office.audit("document.tagged", f"document:{document_id}")
    empty = office.client.post(
        f"/clerk/documents/{document_id}/tag", data={"code": "", "csrf_token": token}
    )
    assert empty.status_code == 400 and "Hãy nhập mã hồ sơ" in empty.text
    forged = office.client.post(
        f"/clerk/documents/{document_id}/tag", data={"code": "H57.132-261008-0975"}
    )
    assert forged.status_code == 403 and office.document(document_id).dossier_code is None


def test_a_quarantined_document_is_shown_with_its_reason_and_retried(
    office: Office, corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    services = office.services
    document_id = receive(
        services,
        UNIT_A,
        "hong.pdf",
        lambda path: shutil.copyfile(corpus / "ocrmypdf" / "invalid.pdf", path),
    )
    wait_for_jobs(services)
    assert office.document(document_id).status == DocumentStatus.QUARANTINED
    token = office.as_clerk("lan")
    page = office.client.get("/clerk/quarantine")
    assert "hong.pdf" in page.text
    assert "Tệp bị hỏng, không đọc được. Hãy quét lại hoặc xin bản khác." in page.text

    queued: list[int] = []
    monkeypatch.setattr(services.queue, "submit", lambda job_id, delay=0.0: queued.append(job_id))
    answer = office.client.post(
        f"/clerk/documents/{document_id}/retry", data={"csrf_token": token}, follow_redirects=True
    )

    assert answer.status_code == 200 and "Đã đưa tài liệu vào hàng đợi" in answer.text
    assert "hong.pdf" not in answer.text
    with services.store.reading() as session:
        job = session.scalars(select(JobRecord).where(JobRecord.document_id == document_id)).one()
    assert queued == [job.id]
    assert (job.status, job.attempts, job.last_error) == (JobStatus.QUEUED, 0, None)
    assert office.document(document_id).status == DocumentStatus.RECEIVED
    (retried,) = office.audit("document.retried", f"document:{document_id}")
    assert (
        retried.actor == "web:lan" and "damaged" in json.loads(retried.details)["previous_reason"]
    )
    again = office.client.post(f"/clerk/documents/{document_id}/retry", data={"csrf_token": token})
    assert again.status_code == 400 and "không nằm trong danh sách cần xem lại" in again.text

    services.kinds.run(job.id)  # the file is still damaged: set aside again, with its reason
    assert office.document(document_id).status == DocumentStatus.QUARANTINED
    assert "hong.pdf" in office.client.get("/clerk/quarantine").text


def test_a_clerk_sees_and_touches_only_the_work_of_their_units(office: Office) -> None:
    services = office.services
    foreign = office.documents["don-b1.png"]
    other_receipt = issue_receipt(
        services,
        IssueRequest(series=SERIES_B, payer="Phạm Văn Tâm", dossier_code=None,
                     items=(("Phí chứng thực bản sao", 2000),)),
        "test",
    )  # fmt: skip
    token = office.as_clerk("lan")

    intake = office.client.get("/clerk/intake")
    assert intake.status_code == 200 and "don-a2.png" in intake.text
    assert "don-b1.png" not in intake.text and UNIT_B not in intake.text
    assert NAME_B not in intake.text
    state = office.client.get("/clerk/intake/state").json()
    shown_ids = {document["id"] for document in state["documents"]}
    assert office.documents["don-a2.png"] in shown_ids and foreign not in shown_ids
    with services.store.reading() as session:
        of_a = session.scalar(
            select(func.count())
            .select_from(DocumentRecord)
            .join(UnitRecord, UnitRecord.id == DocumentRecord.unit_id)
            .where(UnitRecord.code == UNIT_A, DocumentRecord.parent_id.is_(None))
        )
    assert state["files"] == of_a
    assert "don-b1.png" not in office.client.get("/clerk/untagged").text
    assert office.client.get(f"/clerk/documents/{foreign}/pages/1.png").status_code == 404
    tagged = office.client.post(
        f"/clerk/documents/{foreign}/tag",
        data={"code": "H57.132-261008-0975", "csrf_token": token},
    )
    assert tagged.status_code == 404 and office.document(foreign).dossier_code is None
    retried = office.client.post(f"/clerk/documents/{foreign}/retry", data={"csrf_token": token})
    assert retried.status_code == 404
    receipt_id = other_receipt.id
    for path in ("", "/pdf", "/docx", "/xml", "/page.png", "/replace"):
        assert office.client.get(f"/clerk/receipts/{receipt_id}{path}").status_code == 404, path
    cancelled = office.client.post(
        f"/clerk/receipts/{receipt_id}/cancel", data={"reason": "nhầm", "csrf_token": token}
    )
    assert cancelled.status_code == 404
    assert other_receipt.reference not in office.client.get("/clerk/receipts").text
    assert SERIES_B not in office.client.get("/clerk/receipts/new").text

    office.as_clerk("minh")
    theirs = office.client.get("/clerk/intake")
    assert "don-b1.png" in theirs.text and "don-a2.png" not in theirs.text
    their_state = office.client.get("/clerk/intake/state").json()
    assert [document["id"] for document in their_state["documents"]] == [foreign]
    assert their_state["files"] == 1
    assert office.client.get(f"/clerk/receipts/{receipt_id}").status_code == 200


def test_another_units_work_is_answered_as_if_it_did_not_exist(office: Office) -> None:
    """Same status, same words: a clerk cannot tell another unit's record from a missing one."""
    other_receipt = issue_receipt(
        office.services,
        IssueRequest(
            series=SERIES_B,
            payer="Đỗ Văn Hải",
            dossier_code=None,
            items=(("Phí chứng thực bản sao", 2000),),
        ),
        "test",
    ).id
    foreign_document = office.documents["don-b1.png"]
    missing = 10**17  # an id nothing has
    token = office.as_clerk("lan")
    gets = ("", "/pdf", "/docx", "/xml", "/page.png", "/replace")
    asks = [("GET", f"/clerk/receipts/{{id}}{path}", {}) for path in gets]
    asks += [
        ("POST", "/clerk/receipts/{id}/cancel", {"reason": "nhầm"}),
        ("POST", "/clerk/receipts/{id}/replace", {"reason": "sai", "payer": "A"}),
    ]
    compared = [(ask, other_receipt) for ask in asks]
    compared += [
        (("GET", "/clerk/documents/{id}/pages/1.png", {}), foreign_document),
        (("POST", "/clerk/documents/{id}/tag", {"code": "H57.132-261008-0975"}), foreign_document),
        (("POST", "/clerk/documents/{id}/retry", {}), foreign_document),
    ]
    for (method, path, data), theirs in compared:
        answers = [
            office.client.request(
                method,
                path.format(id=wanted),
                data={**data, "csrf_token": token} if method == "POST" else None,
            )
            for wanted in (theirs, missing)
        ]
        assert answers[0].status_code == answers[1].status_code == 404, path
        assert _problem_text(answers[0].text) == _problem_text(answers[1].text), path
    sent = {"csrf_token": token, "payer": "Đỗ Văn Hải", "item_name": ["Phí chứng thực bản sao"],
            "item_amount": ["2.000"]}  # fmt: skip
    series_answers = [
        office.client.post("/clerk/receipts", data={**sent, "series": str(series)})
        for series in (_series_id(office, SERIES_B), missing)
    ]
    assert series_answers[0].status_code == series_answers[1].status_code
    assert _problem_text(series_answers[0].text) == _problem_text(series_answers[1].text)


def test_an_id_no_database_can_hold_is_not_found(office: Office) -> None:
    token = office.as_clerk("lan")
    huge = "9" * 25
    for path in (f"/clerk/receipts/{huge}", f"/clerk/documents/{huge}/pages/1.png"):
        assert office.client.get(path).status_code == 404, path
    tagged = office.client.post(
        f"/clerk/documents/{huge}/tag", data={"code": "H57.132-261008-0975", "csrf_token": token}
    )
    assert tagged.status_code == 404
    issued = office.client.post(
        "/clerk/receipts",
        data={"csrf_token": token, "series": huge, "payer": "A", "fee": [huge]},
    )
    assert issued.status_code in (400, 422), issued.text[-500:]


def _problem_text(html: str) -> str:
    """The page's message, without what differs between any two pages (the CSRF token)."""
    return re.sub(r'value="[^"]{20,}"', "", html)


def test_a_receipt_issued_through_the_form_prints_with_number_and_payer(office: Office) -> None:
    token = office.as_clerk("lan")
    form = office.client.get("/clerk/receipts/new")
    assert form.status_code == 200 and SERIES_A in form.text
    series_id = _series_id(office, SERIES_A)
    fields = {
        "csrf_token": token, "series": str(series_id), "payer": "Nguyễn Thị Hoà",
        "dossier_code": "H57.132-261008-0975", "method": "transfer", "procedure": "1.001234",
        "item_name": ["Phí sao y bản chính", ""], "item_amount": ["2.074.000", ""],
    }  # fmt: skip
    fees = office.client.post("/clerk/receipts", data={**fields, "action": "fees"})
    assert fees.status_code == 200 and "Lệ phí đăng ký khai sinh" in fees.text
    assert 'value="Nguyễn Thị Hoà"' in fees.text, "looking up fees keeps what was typed"
    fee_id = _fee_id(office, "Lệ phí đăng ký khai sinh")

    issued = office.client.post(
        "/clerk/receipts", data={**fields, "fee": str(fee_id)}, follow_redirects=False
    )

    assert issued.status_code == 303, re.findall(r'<p class="error".*', issued.text)
    receipt_id = int(issued.headers["location"].split("/")[3].split("?")[0])
    page = office.client.get(issued.headers["location"])
    with office.services.store.reading() as session:
        receipt = session.get_one(ReceiptRecord, receipt_id)
    reference = f"{SERIES_A}-{receipt.number:07d}"
    assert f"Đã lập biên lai {reference}." in page.text
    assert receipt.total == 2_082_000 and receipt.issued_by == "web:lan"
    assert f'href="/clerk/receipts/{receipt_id}/pdf"' in page.text
    pdf = office.client.get(f"/clerk/receipts/{receipt_id}/pdf")
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.headers["content-disposition"].startswith("inline")
    text = _pdf_text(pdf.content)
    for expected in (f"{receipt.number:07d}", SERIES_A, "Nguyễn Thị Hoà", "2.082.000",
                     "Lệ phí đăng ký khai sinh", "Chuyển khoản"):  # fmt: skip
        assert expected in text, expected
    for kind in ("docx", "xml"):
        download = office.client.get(f"/clerk/receipts/{receipt_id}/{kind}")
        assert download.status_code == 200
        assert download.headers["content-disposition"].startswith("attachment")
    assert office.client.get(f"/clerk/receipts/{receipt_id}/page.png").content[:4] == b"\x89PNG"


def test_a_wrong_receipt_form_is_shown_again_and_uses_no_number(office: Office) -> None:
    token = office.as_clerk("lan")
    before = _last_number(office, SERIES_A)
    fields = {
        "csrf_token": token, "series": str(_series_id(office, SERIES_A)),
        "payer": "Đỗ Văn Hùng", "dossier_code": "H57.132-2610080975", "method": "cash",
        "item_name": ["Phí chứng thực bản sao"], "item_amount": ["2.000"],
    }  # fmt: skip
    refused = office.client.post("/clerk/receipts", data=fields)
    assert refused.status_code == 400
    assert "«H57.132-2610080975» không phải mã hồ sơ hợp lệ" in refused.text
    assert 'value="Đỗ Văn Hùng"' in refused.text and 'value="2.000"' in refused.text
    no_amount = office.client.post(
        "/clerk/receipts", data={**fields, "dossier_code": "", "item_amount": ["hai nghìn"]}
    )
    assert no_amount.status_code == 400 and "số tiền phải là số đồng lớn hơn 0" in no_amount.text
    no_payer = office.client.post(
        "/clerk/receipts", data={**fields, "payer": " ", "dossier_code": ""}
    )
    assert no_payer.status_code == 400 and "Hãy nhập họ tên người nộp tiền." in no_payer.text
    assert _last_number(office, SERIES_A) == before


def test_cancelling_needs_a_reason_and_replacing_names_the_old_receipt(office: Office) -> None:
    token = office.as_clerk("lan")
    first = _issue_through_form(office, token, "Vũ Thị Lan")
    shown = office.client.get("/clerk/receipts")
    assert f"/clerk/receipts/{first}" in shown.text and "Vũ Thị Lan" in shown.text

    no_reason = office.client.post(
        f"/clerk/receipts/{first}/cancel", data={"reason": "  ", "csrf_token": token}
    )
    assert no_reason.status_code == 400 and "Hãy nhập lý do hủy biên lai" in no_reason.text
    assert _state(office, first) == ReceiptState.ISSUED

    form = office.client.get(f"/clerk/receipts/{first}/replace")
    assert form.status_code == 200 and 'value="Vũ Thị Lan"' in form.text
    replaced = office.client.post(
        f"/clerk/receipts/{first}/replace",
        data={
            "csrf_token": token, "series": str(_series_id(office, SERIES_A)),
            "payer": "Vũ Thị Lành", "method": "cash", "item_name": ["Phí chứng thực bản sao"],
            "item_amount": ["2.000"], "reason": "Sai tên người nộp",
        },
        follow_redirects=False,
    )  # fmt: skip
    assert replaced.status_code == 303
    second = int(replaced.headers["location"].split("/")[3].split("?")[0])
    page = office.client.get(replaced.headers["location"]).text
    assert "Vũ Thị Lành" in page and "Thay thế biên lai" in page
    assert _state(office, first) == ReceiptState.REPLACED

    cancelled = office.client.post(
        f"/clerk/receipts/{second}/cancel",
        data={"reason": "Người nộp không nộp tiền", "csrf_token": token, "back": "receipt"},
        follow_redirects=True,
    )
    assert cancelled.status_code == 200 and "Người nộp không nộp tiền" in cancelled.text
    assert _state(office, second) == ReceiptState.CANCELLED
    (entry,) = office.audit("receipt.cancelled", f"receipt:{second}")
    assert entry.actor == "web:lan"


def test_the_receipt_page_names_collector_kind_and_time_and_a_replacement_keeps_the_dossier(
    office: Office,
) -> None:
    token = office.as_clerk("lan")
    fields = {
        "csrf_token": token, "series": str(_series_id(office, SERIES_A)), "payer": "Vũ Thị Lan",
        "dossier_code": "H57.132-261008-0975", "method": "cash",
        "item_name": ["Phí chứng thực bản sao"], "item_amount": ["2.000"],
    }  # fmt: skip
    issued = office.client.post("/clerk/receipts", data=fields, follow_redirects=False)
    assert issued.status_code == 303
    first = int(re.findall(r"/clerk/receipts/(\d+)", issued.headers["location"])[0])
    page = office.client.get(f"/clerk/receipts/{first}").text
    # lan has no full name: the login name stands for it.
    assert re.search(r"<dt>Người thu tiền</dt><dd>lan</dd>", page)
    assert "<dt>Loại biên lai</dt><dd>Biên lai thu thuế, phí, lệ phí không in sẵn mệnh giá" in page
    in_words = r"\d{2}:\d{2}:\d{2} ngày \d{2}/\d{2}/\d{4}"
    assert re.search(rf"<dt>Thời điểm lập</dt><dd>{in_words}</dd>", page)

    # The clerk clears payer and dossier: the replacement keeps the replaced receipt's.
    replaced = office.client.post(
        f"/clerk/receipts/{first}/replace",
        data={**fields, "payer": "", "dossier_code": "", "item_amount": ["3.000"],
              "reason": "Sai số tiền"},
        follow_redirects=False,
    )  # fmt: skip
    assert replaced.status_code == 303, re.findall(r'<p class="error".*', replaced.text)
    second = int(re.findall(r"/clerk/receipts/(\d+)", replaced.headers["location"])[0])
    with office.services.store.reading() as session:
        receipt = session.get_one(ReceiptRecord, second)
        assert (receipt.payer, receipt.dossier_code) == ("Vũ Thị Lan", "H57.132-261008-0975")
        assert receipt.collector == "lan"


def _issue_through_form(office: Office, token: str, payer: str) -> int:
    answer = office.client.post(
        "/clerk/receipts",
        data={
            "csrf_token": token, "series": str(_series_id(office, SERIES_A)), "payer": payer,
            "method": "cash", "item_name": ["Phí chứng thực bản sao"], "item_amount": ["2.000"],
        },
        follow_redirects=False,
    )  # fmt: skip
    assert answer.status_code == 303, answer.text[-2000:]
    return int(re.findall(r"/clerk/receipts/(\d+)", answer.headers["location"])[0])


def _series_id(office: Office, symbol: str) -> int:
    with office.services.store.reading() as session:
        return session.scalars(
            select(ReceiptSeriesRecord.id).where(ReceiptSeriesRecord.series_symbol == symbol)
        ).one()


def _last_number(office: Office, symbol: str) -> int:
    with office.services.store.reading() as session:
        return session.scalars(
            select(ReceiptSeriesRecord.last_number).where(
                ReceiptSeriesRecord.series_symbol == symbol
            )
        ).one()


def _fee_id(office: Office, name: str) -> int:
    with office.services.store.reading() as session:
        return session.scalars(select(FeeRecord.id).where(FeeRecord.name == name)).one()


def _state(office: Office, receipt_id: int) -> str:
    with office.services.store.reading() as session:
        return session.get_one(ReceiptRecord, receipt_id).state


def _pdf_text(content: bytes) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True
    ).stdout.decode("utf-8")
