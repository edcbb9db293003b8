"""The document page in-process: the viewer with the OCR text beside the page, the tag and its
history, the audit entries in words, the signature status, retagging with a reason, the JSON
twin, and the officer's viewer inside a batch.

The office is made once: small scans OCR'd by Tesseract (one of two pages), tagged by hand,
one signed through a real batch with a throwaway PKI, two in a batch waiting for approval.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import stat
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pikepdf
import pytest
from fastapi.testclient import TestClient
from PIL import Image, ImageDraw
from sqlalchemy import select

from accounts.api_tokens import create_api_token
from accounts.unit_names import rename_unit
from accounts.users import UserSpec, add_user
from intake.manual_tag import tag_by_hand
from service.compose import JobProcess
from signing.keys import forget_signers
from signing_batches.flow import approve, make_batch, submit
from store.schema import AuditRecord, DocumentRecord, UnitRecord
from store.states import Role
from tests.support.pages import font
from tests.support.pki import SIGNER_NAME, make_test_pki
from tests.support.real_scans import duplex_stack
from tests.support.web import PASSWORD, log_in, web_client, web_services
from tests.test_web_clerk import receive, small_scan, wait_for_jobs

pytestmark = pytest.mark.slow  # the module OCRs six scans and signs one through a batch

UNIT_A, UNIT_B = "xa-an-binh", "xa-binh-an"
UNIT_A_NAME = "UBND xã An Bình"
PROFILE = "thu-phi"
CLERK_A, CLERK_B, OFFICER = "lan", "minh", "hoa"
NAMES = {CLERK_A: "Nguyễn Thị Lan", CLERK_B: "Trần Văn Minh", OFFICER: "Lê Thị Hoa"}
CODE_TWO_PAGES = "H57.132-261008-0001"
CODE_FIRST, CODE_SECOND = "H57.132-261008-0002", "H57.132-261009-0003"
CODE_SIGNED = "H57.132-261008-0004"
PNG = b"\x89PNG\r\n\x1a\n"


@dataclass(frozen=True)
class Office:
    services: JobProcess
    client: TestClient
    documents: dict[str, int]
    signed_batch: int
    waiting_batch: int

    def as_user(self, name: str) -> str:
        """Log `name` in on the shared client; the login's CSRF token."""
        self.client.cookies.clear()
        return log_in(self.client, name)

    def document(self, document_id: int) -> DocumentRecord:
        with self.services.store.reading() as session:
            return session.get_one(DocumentRecord, document_id)

    def audit(self, action: str, document_id: int) -> list[AuditRecord]:
        with self.services.store.reading() as session:
            return list(
                session.scalars(
                    select(AuditRecord)
                    .where(
                        AuditRecord.action == action,
                        AuditRecord.subject == f"document:{document_id}",
                    )
                    .order_by(AuditRecord.id)
                )
            )


def two_page_scan(path: Path) -> Path:
    """A TIFF of two small pages, each with its own lines of text."""
    pages = []
    for lines in (
        ("Đơn đề nghị cấp bản sao", "Người nộp: Trần Văn Dũng"),
        ("Tờ khai đăng ký khai sinh", "Người khai: Lê Thị Mai"),
    ):
        picture = Image.new("L", (1240, 600), 250)
        draw = ImageDraw.Draw(picture)
        for number, line in enumerate(lines):
            draw.text((80, 100 + 90 * number), line, font=font(44), fill=0)
        pages.append(picture)
    pages[0].save(path, save_all=True, append_images=pages[1:], dpi=(300, 300))
    return path


def sheet_with_blank_back(path: Path) -> Path:
    """A duplex scan of a one-sided sheet: a short text on the front, the back blank paper
    with the front showing faintly through."""
    front = Image.new("L", (2480, 3508), 250)
    draw = ImageDraw.Draw(front)
    for number, line in enumerate(("Giấy xác nhận cư trú", "Người đề nghị: Vũ Thị Hằng")):
        draw.text((300, 300 + 90 * number), line, font=font(44), fill=0)
    back = duplex_stack(1, seed=7)[1].image
    front.save(path, save_all=True, append_images=[back], dpi=(300, 300))
    return path


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Office]:
    folder = tmp_path_factory.mktemp("document-page")
    profile = make_test_pki(folder / "pki").profile_settings(folder, PROFILE)
    profile["approvers"] = [OFFICER]
    forget_signers()
    with web_services(folder / "var", signing={"profiles": {PROFILE: profile}}) as services:
        for name, roles, units in (
            (CLERK_A, {Role.CLERK}, (UNIT_A,)),
            (CLERK_B, {Role.CLERK}, (UNIT_B,)),
            (OFFICER, {Role.OFFICER}, ()),
        ):
            spec = UserSpec(name, frozenset(roles), PASSWORD, units, NAMES[name])
            add_user(services.store, spec, "test")
        scans = {
            "hai-trang.tiff": (UNIT_A, two_page_scan),
            "hai-mat.tiff": (UNIT_A, sheet_with_blank_back),
            "doi-ma.png": (UNIT_A, ("Giấy ủy quyền", "Bên ủy quyền: Phạm Văn Tâm")),
            "da-ky.png": (UNIT_A, ("Quyết định cấp phép", "Số 12/QĐ-UBND")),
            "trinh-1.png": (UNIT_A, ("Biên bản kiểm tra", "Ngày 8 tháng 10")),
            "trinh-2.png": (UNIT_A, ("Văn bản xác nhận", "Ông Hoàng Văn Nam")),
            "don-b1.png": (UNIT_B, ("Đơn xin xác nhận", "Bà Đỗ Thị Hạnh")),
        }
        documents = {}
        for name, (unit, content) in scans.items():
            write = (
                content if callable(content) else (lambda p, lines=content: small_scan(p, *lines))
            )
            documents[name] = receive(services, unit, name, write)
        wait_for_jobs(services)
        with services.store.reading() as session:
            unit_a = session.scalars(select(UnitRecord.id).where(UnitRecord.code == UNIT_A)).one()
        rename_unit(services.store, unit_a, UNIT_A_NAME, "test")
        store, layout = services.store, services.layout
        for name, code in (
            ("hai-trang.tiff", CODE_TWO_PAGES),
            ("doi-ma.png", CODE_FIRST),
            ("da-ky.png", CODE_SIGNED),
            ("trinh-1.png", "H57.132-261008-0005"),
            ("trinh-2.png", "H57.132-261008-0006"),
        ):
            tag_by_hand(store, layout, documents[name], code, f"web:{CLERK_A}")
        context = services.context
        signed = make_batch(context, PROFILE, [documents["da-ky.png"]], f"web:{CLERK_A}")
        submit(context, signed, f"web:{CLERK_A}")
        approve(context, services.queue, signed, OFFICER, "web")
        waiting = make_batch(
            context, PROFILE, [documents["trinh-1.png"], documents["trinh-2.png"]], "web:lan"
        )
        submit(context, waiting, f"web:{CLERK_A}")
        wait_for_jobs(services)
        with web_client(services) as client:
            yield Office(services, client, documents, signed, waiting)
    forget_signers()


def image_width(client: TestClient, address: str) -> int:
    answer = client.get(address)
    assert answer.status_code == 200, answer.text[-500:]
    assert answer.content.startswith(PNG)
    with Image.open(io.BytesIO(answer.content)) as picture:
        return picture.width


def test_the_page_shows_the_chosen_page_beside_its_ocr_text_with_zoom(office: Office) -> None:
    office.as_user(CLERK_A)
    document_id = office.documents["hai-trang.tiff"]

    page = office.client.get(f"/documents/{document_id}?trang=2")

    assert page.status_code == 200, page.text[-800:]
    text = page.text
    assert "khai sinh" in text and "Lê Thị Mai" in text, "the OCR text of page 2"
    assert "Trần Văn Dũng" not in text, "page 1's text is not shown for page 2"
    assert '<pre class="ocr-text"' in text
    assert f'src="/documents/{document_id}/pages/2.png?width=1000"' in text
    assert "Trang 2/2" in text
    for number in (1, 2):
        assert f'src="/documents/{document_id}/pages/{number}.png?width=160"' in text
        assert f'href="/documents/{document_id}?trang={number}"' in text
    assert f'rel="prev" data-viewer-previous href="/documents/{document_id}?trang=1"' in text
    assert '<script src="/static/viewer.js" defer></script>' in text
    assert not re.search(r"<script(?![^>]*\bsrc=)", text), "no inline script (CSP)"
    assert "/static/viewer.css" in text
    assert f'{UNIT_A_NAME} <span class="muted">({UNIT_A})</span>' in text
    assert "<dd>Hồ sơ tiếp nhận</dd>" in text  # the kind in words
    assert "Đã số hóa" in text and CODE_TWO_PAGES in text and "Cán bộ gắn tay" in text
    assert image_width(office.client, f"/documents/{document_id}/pages/2.png?width=1000") == 1000

    zoomed = office.client.get(f"/documents/{document_id}?trang=2&zoom=200")
    assert f'src="/documents/{document_id}/pages/2.png?width=2000"' in zoomed.text
    assert 'class="viewer-image zoom-200"' in zoomed.text
    assert image_width(office.client, f"/documents/{document_id}/pages/2.png?width=2000") == 2000
    actual = office.client.get(f"/documents/{document_id}?trang=1&zoom=100")
    assert 'class="viewer-image zoom-100"' in actual.text
    assert f'href="/documents/{document_id}?trang=1&amp;zoom=200"' in actual.text
    assert office.client.get(f"/documents/{document_id}?trang=3").status_code == 404
    assert office.client.get(f"/documents/{document_id}?zoom=300").status_code == 422


def test_a_blank_back_is_kept_and_the_page_says_it_was_not_read(office: Office) -> None:
    office.as_user(CLERK_A)
    document_id = office.documents["hai-mat.tiff"]

    front = office.client.get(f"/documents/{document_id}?trang=1")
    back = office.client.get(f"/documents/{document_id}?trang=2")

    assert back.status_code == 200, back.text[-800:]
    assert "Trang 2/2" in back.text, "the blank back stays in the document"
    assert '<li data-step="blank">Trang trắng: giữ lại, không nhận dạng</li>' in back.text
    assert "Trang này chưa có chữ nhận dạng." in back.text
    assert "Vũ Thị Hằng" in front.text and "Cách đọc trang này" not in front.text


def test_the_downloads_give_the_original_as_received_and_the_output(office: Office) -> None:
    office.as_user(CLERK_A)
    document_id = office.documents["hai-trang.tiff"]
    record = office.document(document_id)

    original = office.client.get(f"/documents/{document_id}/original")
    output = office.client.get(f"/documents/{document_id}/output")

    archived = office.services.layout.data_dir / record.archive_path
    assert original.status_code == 200 and original.content == archived.read_bytes()
    assert original.content.startswith(b"II*\x00")
    assert 'filename="hai-trang.tiff"' in original.headers["content-disposition"]
    assert output.status_code == 200 and output.content.startswith(b"%PDF")
    assert output.headers["content-type"] == "application/pdf"
    (downloaded,) = office.audit("document.downloaded", document_id)
    assert downloaded.actor == f"web:{CLERK_A}"


def test_the_audit_entries_are_in_words_with_full_names(office: Office) -> None:
    office.as_user(CLERK_A)
    document_id = office.documents["hai-trang.tiff"]

    text = office.client.get(f"/documents/{document_id}").text

    history = text.split('id="history-title"')[1]
    assert "Tiếp nhận tệp" in history and "Số hóa xong" in history
    assert "Gắn mã hồ sơ" in history and NAMES[CLERK_A] in history
    assert "Hệ thống" in history
    assert "document.tagged" not in text and "document.received" not in text
    assert "web:" not in text
    tags = text.split('id="tag-title"')[1].split('id="history-title"')[0]
    assert CODE_TWO_PAGES in tags and NAMES[CLERK_A] in tags


def test_retagging_moves_the_output_renews_its_identifier_and_audits_the_reason(
    office: Office,
) -> None:
    token = office.as_user(CLERK_A)
    document_id = office.documents["doi-ma.png"]
    layout = office.services.layout
    before = office.document(document_id)
    old_path = layout.data_dir / str(before.output_path)
    assert f"/{CODE_FIRST}/" in str(before.output_path)
    page = office.client.get(f"/documents/{document_id}").text
    assert f'action="/clerk/documents/{document_id}/retag"' in page

    blank = office.client.post(
        f"/clerk/documents/{document_id}/retag",
        data={"code": CODE_SECOND, "reason": "   ", "csrf_token": token},
    )
    assert blank.status_code == 400 and "Hãy ghi lý do đổi mã hồ sơ" in blank.text
    assert f'value="{CODE_SECOND}"' in blank.text, "what the clerk typed is kept"
    assert office.document(document_id).output_path == before.output_path

    reason = "Quét nhầm vào hồ sơ của người khác"
    answer = office.client.post(
        f"/clerk/documents/{document_id}/retag",
        data={"code": CODE_SECOND.lower(), "reason": reason, "csrf_token": token},
        follow_redirects=False,
    )

    assert answer.status_code == 303
    assert answer.headers["location"] == f"/documents/{document_id}?ok=retagged"
    after = office.document(document_id)
    assert after.dossier_code == CODE_SECOND and after.tag_source == "clerk"
    assert after.output_path == f"outputs/{UNIT_A}/{CODE_SECOND}/doi-ma.pdf"
    new_path = layout.data_dir / after.output_path
    assert new_path.is_file() and not old_path.exists()
    with pikepdf.open(new_path) as pdf, pdf.open_metadata() as meta:
        assert meta.get("dc:identifier") == CODE_SECOND
    checked = subprocess.run(["qpdf", "--check", str(new_path)], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    *_, retagged = office.audit("document.tagged", document_id)
    details = json.loads(retagged.details)
    assert (details["dossier"], details["previous"], details["reason"]) == (
        CODE_SECOND,
        CODE_FIRST,
        reason,
    )
    assert retagged.actor == f"web:{CLERK_A}"

    shown = office.client.get(answer.headers["location"]).text
    assert "Đã đổi mã hồ sơ" in shown
    tags = shown.split('id="tag-title"')[1].split('id="history-title"')[0]
    assert re.search(rf"<td>{re.escape(CODE_FIRST)}</td>\s*<td>{re.escape(CODE_SECOND)}", tags), (
        tags
    )
    assert reason in tags and NAMES[CLERK_A] in tags


def test_a_signed_document_is_not_retagged_and_the_page_says_why(office: Office) -> None:
    token = office.as_user(CLERK_A)
    document_id = office.documents["da-ky.png"]
    before = office.document(document_id)
    assert before.signed_at is not None
    tags_before = len(office.audit("document.tagged", document_id))

    page = office.client.get(f"/documents/{document_id}").text
    assert f'action="/clerk/documents/{document_id}/retag"' not in page
    assert "Không đổi được mã hồ sơ" in page and "đã được ký số" in page
    assert "Đã ký số" in page  # the stage

    refused = office.client.post(
        f"/clerk/documents/{document_id}/retag",
        data={"code": CODE_SECOND, "reason": "Thử đổi", "csrf_token": token},
    )

    assert refused.status_code == 409
    assert "Văn bản này đã được ký số" in refused.text
    after = office.document(document_id)
    assert (after.dossier_code, after.output_path, after.output_sha256) == (
        before.dossier_code,
        before.output_path,
        before.output_sha256,
    )
    assert len(office.audit("document.tagged", document_id)) == tags_before


def test_a_document_in_a_submitted_batch_is_not_retagged(office: Office) -> None:
    token = office.as_user(CLERK_A)
    document_id = office.documents["trinh-1.png"]
    before = office.document(document_id)

    page = office.client.get(f"/documents/{document_id}").text
    refused = office.client.post(
        f"/clerk/documents/{document_id}/retag",
        data={"code": CODE_SECOND, "reason": "Thử đổi", "csrf_token": token},
    )

    assert f"lô số {office.waiting_batch} đã trình ký" in page
    assert refused.status_code == 409 and f"lô số {office.waiting_batch}" in refused.text
    assert office.document(document_id).output_path == before.output_path


def test_the_signature_is_verified_once_and_kept_by_the_file_hash(
    office: Office, monkeypatch: pytest.MonkeyPatch
) -> None:
    office.as_user(CLERK_A)
    document_id = office.documents["da-ky.png"]
    record = office.document(document_id)
    output = office.services.layout.data_dir / str(record.output_path)
    digest = hashlib.sha256(output.read_bytes()).hexdigest()
    kept = office.services.layout.work / "signature-status" / f"{digest}.json"
    kept.unlink(missing_ok=True)

    first = office.client.get(f"/documents/{document_id}").text
    assert f"Hợp lệ</span> — ký bởi {SIGNER_NAME} lúc" in first
    assert kept.is_file() and json.loads(kept.read_text())["status"]["state"] == "valid"
    assert stat.S_IMODE(kept.stat().st_mode) & 0o007 == 0, "not readable by others"

    def no_second_check(*_: object, **__: object) -> None:
        raise AssertionError("verified again")

    monkeypatch.setattr("service.web.signature_status.verify_pdf", no_second_check)
    again = office.client.get(f"/documents/{document_id}").text
    assert f"Hợp lệ</span> — ký bởi {SIGNER_NAME}" in again

    monkeypatch.undo()
    original = output.read_bytes()
    middle = len(original) // 2
    try:  # other bytes, another hash: verified afresh, and the change is found
        output.write_bytes(
            original[:middle] + bytes([original[middle] ^ 0x01]) + original[middle + 1 :]
        )
        tampered = office.client.get(f"/documents/{document_id}").text
    finally:
        output.write_bytes(original)
    assert '<span class="sig-invalid">Không hợp lệ:</span>' in tampered
    aside = output.with_name("tam-cat.pdf")
    output.rename(aside)
    try:  # a lost output is said on the page, which still opens
        lost = office.client.get(f"/documents/{document_id}")
    finally:
        aside.rename(output)
    assert lost.status_code == 200 and "không thấy tệp kết quả" in lost.text

    unsigned = office.client.get(f"/documents/{office.documents['doi-ma.png']}").text
    assert '<dd id="signature-status">Chưa ký</dd>' in unsigned.replace("\n", "")


def test_a_clerk_of_another_unit_gets_404_for_everything_of_the_document(
    office: Office,
) -> None:
    token = office.as_user(CLERK_B)
    document_id = office.documents["doi-ma.png"]
    before = office.document(document_id)
    for address in (
        f"/documents/{document_id}",
        f"/documents/{document_id}?trang=1&zoom=200",
        f"/documents/{document_id}/pages/1.png?width=160",
        f"/documents/{document_id}/pages/1.png?width=2000",
        f"/documents/{document_id}/original",
        f"/documents/{document_id}/output",
    ):
        answer = office.client.get(address)
        assert answer.status_code == 404, address
        assert b"%PDF" not in answer.content and PNG not in answer.content
    retag = office.client.post(
        f"/clerk/documents/{document_id}/retag",
        data={"code": CODE_FIRST, "reason": "Không phải của tôi", "csrf_token": token},
    )
    assert retag.status_code == 404
    assert office.document(document_id).output_path == before.output_path
    own = office.client.get(f"/documents/{office.documents['don-b1.png']}")
    assert own.status_code == 200 and "Đỗ Thị Hạnh" in own.text

    api_token = create_api_token(office.services.store, CLERK_B, "tests", "test")
    api = office.client.get(
        f"/api/documents/{document_id}", headers={"Authorization": f"Bearer {api_token}"}
    )
    assert api.status_code == 404


def test_the_api_twin_gives_the_same_facts(office: Office) -> None:
    office.client.cookies.clear()
    document_id = office.documents["da-ky.png"]
    token = create_api_token(office.services.store, CLERK_A, "tests", "test")
    assert office.client.get(f"/api/documents/{document_id}").status_code == 401

    answer = office.client.get(
        f"/api/documents/{document_id}", headers={"Authorization": f"Bearer {token}"}
    )

    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["stage"] == "signed" and body["stage_words"] == "Đã ký số"
    assert (body["unit_code"], body["unit_name"]) == (UNIT_A, UNIT_A_NAME)
    assert body["pages"] == 1 and body["dossier_code"] == CODE_SIGNED
    assert body["tag_history"][0]["dossier_code"] == CODE_SIGNED
    assert body["tag_history"][0]["by"] == NAMES[CLERK_A]
    assert body["signature"]["state"] == "valid" and body["signature"]["signer"] == SIGNER_NAME
    assert body["batch"] == {"id": office.signed_batch, "state": "signed", "profile": PROFILE}
    assert body["output_url"] == f"/documents/{document_id}/output"
    schema = office.client.get("/api/openapi.json").json()
    assert "/api/documents/{document_id}" in schema["paths"]


def test_the_officer_moves_through_the_batch_and_confirms_count_and_profile(
    office: Office,
) -> None:
    office.as_user(OFFICER)
    batch = office.waiting_batch
    first, second = office.documents["trinh-1.png"], office.documents["trinh-2.png"]

    shown = office.client.get(f"/officer/documents/{first}?lo={batch}")

    assert shown.status_code == 200, shown.text[-800:]
    assert "Văn bản 1/2" in shown.text and "Biên bản kiểm tra" in shown.text
    assert f'{UNIT_A_NAME} <span class="muted">({UNIT_A})</span>' in shown.text
    assert f'rel="next" href="/officer/documents/{second}?lo={batch}"' in shown.text
    assert 'rel="prev" href="/officer/documents/' not in shown.text
    assert f'href="/officer/documents/{first}?lo={batch}&amp;trang=1&amp;zoom=200"' in shown.text
    assert f'action="/officer/batches/{batch}/reject"' in shown.text
    assert f'method="get" action="/officer/batches/{batch}/approve"' in shown.text
    following = office.client.get(f"/officer/documents/{second}?lo={batch}").text
    assert "Văn bản 2/2" in following and "Hoàng Văn Nam" in following
    assert f'rel="prev" href="/officer/documents/{first}?lo={batch}"' in following

    confirm = office.client.get(f"/officer/batches/{batch}/approve")
    assert confirm.status_code == 200
    assert f"Ký số 2 văn bản bằng hồ sơ ký '{PROFILE}'?" in confirm.text
    assert f'method="post" action="/officer/batches/{batch}/approve"' in confirm.text
    assert office.client.get(f"/officer/batches/{office.signed_batch}/approve").status_code == 409

    state = office.client.get(f"/officer/batches/{office.signed_batch}/state").json()
    assert state["done"] is True and state["text"] == "Đã ký xong: đã ký 1/1 văn bản."
