"""The workspace's JSON twins in-process, on real digitized scans: a clerk makes and submits a
batch, reads the officer's reason for rejecting it and submits it again; tags a document and
moves it with a reason; cannot retag a signed one; downloads outputs as one ZIP; and a clerk of
another unit gets 404 from every one of these calls."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from accounts.api_tokens import create_api_token
from accounts.users import UserSpec, add_user
from intake.manual_tag import tag_by_hand
from service.compose import JobProcess
from signing.keys import forget_signers
from signing_batches.flow import approve, make_batch, reject, submit
from store.schema import AuditRecord, BatchRecord, DocumentRecord
from store.states import BatchState, Role
from tests.support.pki import make_test_pki
from tests.support.web import PASSWORD, web_client, web_services
from tests.test_web_clerk import receive, small_scan, wait_for_jobs

pytestmark = pytest.mark.slow  # the module OCRs six scans and signs one through a batch

UNIT_A, UNIT_B = "xa-an-binh", "xa-binh-an"
PROFILE = "thu-phi"
OFFICER_NAME = "Nguyễn Văn Hùng"
REASON = "Trang 2 của tờ khai bị mờ, hãy quét lại."
CODE_SIGNED, CODE_FIRST, CODE_SECOND = (
    "H57.132-261008-0004",
    "H57.132-261008-0011",
    "H57.132-261009-0012",
)
USERS = {
    "lan": ({Role.CLERK}, (UNIT_A,), "Trần Thị Lan"),
    "minh": ({Role.CLERK}, (UNIT_B,), "Lê Văn Minh"),
    "hung": ({Role.OFFICER}, (), OFFICER_NAME),
    "kiem": ({Role.AUDITOR}, (), "Phạm Thị Kiểm"),
}
SCANS = {
    "to-khai.png": (UNIT_A, "Tờ khai đăng ký khai sinh"),
    "don.png": (UNIT_A, "Đơn đề nghị cấp bản sao"),
    "uy-quyen.png": (UNIT_A, "Giấy ủy quyền"),
    "giay-to.png": (UNIT_A, "Giấy xác nhận tình trạng hôn nhân"),
    "da-ky.png": (UNIT_A, "Quyết định cấp phép"),
    "xac-nhan.png": (UNIT_B, "Giấy xác nhận cư trú"),
}


@dataclass(frozen=True)
class Office:
    services: JobProcess
    client: TestClient
    tokens: dict[str, str]
    documents: dict[str, int]

    def call(
        self, who: str, method: str, path: str, body: dict[str, Any] | None = None
    ) -> httpx.Response:
        headers = {"Authorization": f"Bearer {self.tokens[who]}"}
        return self.client.request(method, path, json=body, headers=headers)

    def document(self, name: str) -> DocumentRecord:
        with self.services.store.reading() as session:
            return session.get_one(DocumentRecord, self.documents[name])

    def batch_state(self, batch_id: int) -> str:
        with self.services.store.reading() as session:
            return session.get_one(BatchRecord, batch_id).state

    def batch_count(self) -> int:
        with self.services.store.reading() as session:
            return session.scalar(select(func.count()).select_from(BatchRecord)) or 0


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Office]:
    """Small scans OCR'd by Tesseract, five of unit A and one of unit B; `da-ky.png` tagged and
    signed through a real batch that hung approved."""
    folder = tmp_path_factory.mktemp("api-workspace")
    profile = make_test_pki(folder / "pki").profile_settings(folder, PROFILE)
    profile["approvers"] = ["hung"]
    forget_signers()
    with web_services(folder / "var", signing={"profiles": {PROFILE: profile}}) as services:
        tokens = {}
        for name, (roles, units, full_name) in USERS.items():
            spec = UserSpec(name, frozenset(roles), PASSWORD, units, full_name)
            add_user(services.store, spec, "test")
            tokens[name] = create_api_token(services.store, name, "một cửa", "test")
        documents = {
            name: receive(services, unit, name, lambda path, text=text: small_scan(path, text))
            for name, (unit, text) in SCANS.items()
        }
        wait_for_jobs(services)
        signed = documents["da-ky.png"]
        tag_by_hand(services.store, services.layout, signed, CODE_SIGNED, "web:lan")
        batch_id = make_batch(services.context, PROFILE, [signed], "web:lan")
        submit(services.context, batch_id, "web:lan")
        approve(services.context, services.queue, batch_id, "hung", "web")
        wait_for_jobs(services)
        with web_client(services) as client:
            yield Office(services, client, tokens, documents)
    forget_signers()


def problem_of(answer: httpx.Response, status: int) -> str:
    assert answer.status_code == status, answer.text
    assert answer.headers["content-type"] == "application/problem+json"
    detail = answer.json()["detail"]
    assert isinstance(detail, str)
    return detail


def test_a_batch_is_made_submitted_rejected_read_and_resubmitted(office: Office) -> None:
    chosen = [office.documents["to-khai.png"], office.documents["don.png"]]

    made = office.call(
        "lan", "POST", "/api/batches", {"document_ids": chosen, "profile": PROFILE, "submit": True}
    )

    assert made.status_code == 201, made.text
    batch = made.json()["batch"]
    batch_id = batch["id"]
    assert (batch["state"], batch["profile"], batch["documents"]) == ("submitted", PROFILE, 2)
    assert batch["submitted_by"] == "Trần Thị Lan"
    assert [(d["document_id"], d["done"]) for d in made.json()["documents"]] == [
        (chosen[0], True),
        (chosen[1], True),
    ]
    assert office.batch_state(batch_id) == BatchState.SUBMITTED
    twice = office.call("lan", "POST", f"/api/batches/{batch_id}/submit")
    assert "không còn ở trạng thái cho phép" in problem_of(twice, 409)
    held = office.call(
        "lan",
        "POST",
        f"/api/documents/{chosen[0]}/tag",
        {"dossier_code": CODE_FIRST, "reason": "Nhầm hồ sơ"},
    )
    assert "đã trình ký" in problem_of(held, 409)
    assert office.document("to-khai.png").dossier_code is None

    reject(office.services.context, batch_id, "hung", "web", REASON)

    listed = office.call("lan", "GET", "/api/batches")
    assert listed.status_code == 200, listed.text
    (line,) = [item for item in listed.json()["items"] if item["id"] == batch_id]
    assert (line["state"], line["state_words"]) == ("rejected", "Bị từ chối")
    assert (line["reason"], line["decided_by"]) == (REASON, OFFICER_NAME)
    shown = office.call("lan", "GET", f"/api/batches/{batch_id}")
    assert shown.status_code == 200, shown.text
    assert shown.json()["reason"] == REASON
    assert [(item["id"], item["stage"]) for item in shown.json()["items"]] == [
        (chosen[0], "rejected"),
        (chosen[1], "rejected"),
    ]
    assert office.call("hung", "GET", f"/api/batches/{batch_id}").status_code == 200
    not_open = office.call("lan", "POST", f"/api/batches/{batch_id}/submit")
    assert "không còn ở trạng thái cho phép" in problem_of(not_open, 409)

    again = office.call("lan", "POST", f"/api/batches/{batch_id}/resubmit")

    assert again.status_code == 200, again.text
    assert (again.json()["state"], again.json()["reason"]) == ("submitted", None)
    assert office.batch_state(batch_id) == BatchState.SUBMITTED
    with office.services.store.reading() as session:
        audited = session.scalars(
            select(AuditRecord).where(
                AuditRecord.action == "batch.resubmitted",
                AuditRecord.subject == f"batch:{batch_id}",
            )
        ).one()
    assert audited.actor == "web:lan" and json.loads(audited.details)["reason"] == REASON
    twice_again = office.call("lan", "POST", f"/api/batches/{batch_id}/resubmit")
    assert "không còn ở trạng thái cho phép" in problem_of(twice_again, 409)
    by_officer = office.call(
        "hung", "POST", "/api/batches", {"document_ids": chosen, "profile": PROFILE}
    )
    assert by_officer.status_code == 403


def test_a_document_is_tagged_and_moved_only_with_a_reason(office: Office) -> None:
    path = f"/api/documents/{office.documents['uy-quyen.png']}/tag"

    first = office.call("lan", "POST", path, {"dossier_code": CODE_FIRST.lower()})

    assert first.status_code == 200, first.text
    assert first.json()["dossier_code"] == CODE_FIRST
    moved_without = office.call("lan", "POST", path, {"dossier_code": CODE_SECOND})
    assert "hãy ghi lý do" in problem_of(moved_without, 409)
    assert office.document("uy-quyen.png").dossier_code == CODE_FIRST
    reason = "Quét nhầm vào hồ sơ của người khác"

    moved = office.call("lan", "POST", path, {"dossier_code": CODE_SECOND, "reason": reason})

    assert moved.status_code == 200, moved.text
    after = office.document("uy-quyen.png")
    assert (after.dossier_code, after.tag_source) == (CODE_SECOND, "clerk")
    assert after.output_path == f"outputs/{UNIT_A}/{CODE_SECOND}/uy-quyen.pdf"
    with office.services.store.reading() as session:
        *_, audited = session.scalars(
            select(AuditRecord)
            .where(
                AuditRecord.action == "document.tagged",
                AuditRecord.subject == f"document:{after.id}",
            )
            .order_by(AuditRecord.id)
        )
    details = json.loads(audited.details)
    assert (details["dossier"], details["previous"], details["reason"]) == (
        CODE_SECOND,
        CODE_FIRST,
        reason,
    )
    assert "không phải mã hồ sơ" in problem_of(
        office.call("lan", "POST", path, {"dossier_code": "không phải mã"}), 400
    )
    assert office.call("kiem", "POST", path, {"dossier_code": CODE_FIRST}).status_code == 403


def test_a_signed_document_is_neither_retagged_nor_batched(office: Office) -> None:
    signed = office.documents["da-ky.png"]
    assert office.document("da-ky.png").signed_at is not None
    before = office.batch_count()

    retag = office.call(
        "lan",
        "POST",
        f"/api/documents/{signed}/tag",
        {"dossier_code": CODE_FIRST, "reason": "Đổi hồ sơ"},
    )
    batched = office.call(
        "lan", "POST", "/api/batches", {"document_ids": [signed], "profile": PROFILE}
    )

    assert "Đã ký số" in problem_of(retag, 409)
    assert office.document("da-ky.png").dossier_code == CODE_SIGNED
    assert "Không tài liệu nào" in problem_of(batched, 409)
    assert office.batch_count() == before


def test_the_outputs_come_as_one_zip_by_dossier(office: Office) -> None:
    chosen = [office.documents["da-ky.png"], office.documents["giay-to.png"]]

    for who in ("lan", "kiem", "hung"):
        answer = office.call(who, "POST", "/api/documents/outputs.zip", {"document_ids": chosen})
        assert answer.status_code == 200, answer.text
        assert answer.headers["content-type"] == "application/zip"
        with zipfile.ZipFile(io.BytesIO(answer.content)) as archive:
            members = {name: archive.read(name) for name in archive.namelist()}
        assert set(members) == {f"{CODE_SIGNED}/da-ky.pdf", "chua-gan-ma/giay-to.pdf"}
        for name in ("da-ky.png", "giay-to.png"):
            output = office.services.layout.data_dir / str(office.document(name).output_path)
            member = next(key for key in members if key.endswith(name.replace(".png", ".pdf")))
            assert members[member] == output.read_bytes()
    assert (
        office.call("lan", "POST", "/api/documents/outputs.zip", {"document_ids": []}).status_code
        == 422
    )


def test_a_clerk_of_another_unit_gets_404_from_every_call(office: Office) -> None:
    own = office.documents["xac-nhan.png"]
    theirs = office.documents["giay-to.png"]
    made = office.call(
        "lan", "POST", "/api/batches", {"document_ids": [theirs], "profile": PROFILE}
    )
    assert made.status_code == 201, made.text
    batch_id = made.json()["batch"]["id"]
    mine = office.call("minh", "POST", "/api/batches", {"document_ids": [own], "profile": PROFILE})
    assert mine.status_code == 201, mine.text
    before = office.batch_count()

    listed = office.call("minh", "GET", "/api/batches").json()["items"]
    assert [item["id"] for item in listed] == [mine.json()["batch"]["id"]]
    assert batch_id in {
        item["id"] for item in office.call("lan", "GET", "/api/batches").json()["items"]
    }
    for method, path, body in (
        ("GET", f"/api/batches/{batch_id}", None),
        ("POST", f"/api/batches/{batch_id}/submit", None),
        ("POST", f"/api/batches/{batch_id}/resubmit", None),
        ("POST", "/api/batches", {"document_ids": [theirs], "profile": PROFILE}),
        ("POST", "/api/batches", {"document_ids": [own, theirs], "profile": PROFILE}),
        ("POST", f"/api/documents/{theirs}/tag", {"dossier_code": CODE_FIRST}),
        ("POST", "/api/documents/outputs.zip", {"document_ids": [theirs]}),
        ("POST", "/api/documents/outputs.zip", {"document_ids": [own, theirs]}),
        ("GET", "/api/batches/999999", None),
    ):
        answer = office.call("minh", method, path, body)
        assert problem_of(answer, 404), (method, path)

    assert office.batch_count() == before
    assert office.batch_state(batch_id) == BatchState.OPEN
    assert office.document("giay-to.png").dossier_code is None
    assert office.call("lan", "POST", f"/api/batches/{batch_id}/submit").json()["state"] == (
        "submitted"
    )
