"""Reusing a document for another dossier on the web (tái sử dụng): the clerk's form on the
document page (CSRF, note, refusals in Vietnamese, removal with a reason), the auditor's
dossier page listing the reused documents, and the API twin.

Three small scans are OCR'd by Tesseract and tagged by hand: two of unit A (one left
untagged), one of unit B.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from accounts.api_tokens import create_api_token
from accounts.users import UserSpec, add_user
from intake.manual_tag import tag_by_hand
from service.compose import JobProcess
from store.schema import AuditRecord, DocumentReuseRecord
from store.states import Role
from tests.support.web import PASSWORD, log_in, web_client, web_services
from tests.test_web_clerk import receive, small_scan, wait_for_jobs

pytestmark = pytest.mark.slow  # the module OCRs three scans

UNIT_A, UNIT_B = "xa-an-binh", "xa-binh-an"
CLERK_A, CLERK_B, AUDITOR = "lan", "minh", "kiem"
CODE_OWN, CODE_B = "H57.132-261008-0001", "H57.132-261008-0002"
CODE_NEW, CODE_API = "H57.132-261020-0007", "H57.132-261021-0008"


@dataclass(frozen=True)
class Office:
    services: JobProcess
    client: TestClient
    documents: dict[str, int]

    def as_user(self, name: str) -> str:
        self.client.cookies.clear()
        return log_in(self.client, name)

    def reuses(self) -> list[tuple[int, str]]:
        with self.services.store.reading() as session:
            rows = session.execute(
                select(DocumentReuseRecord.document_id, DocumentReuseRecord.dossier_code)
            )
            return [(document, code) for document, code in rows]


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Office]:
    folder = tmp_path_factory.mktemp("reuse")
    with web_services(folder / "var") as services:
        for name, role, units in (
            (CLERK_A, Role.CLERK, (UNIT_A,)),
            (CLERK_B, Role.CLERK, (UNIT_B,)),
            (AUDITOR, Role.AUDITOR, ()),
        ):
            add_user(services.store, UserSpec(name, frozenset({role}), PASSWORD, units), "test")
        scans = {
            "cccd.png": (UNIT_A, ("Căn cước công dân", "Họ tên: Trần Văn Dũng")),
            "chua-gan.png": (UNIT_A, ("Giấy xác nhận", "Bà Lê Thị Mai")),
            "don-b.png": (UNIT_B, ("Đơn xin xác nhận", "Bà Đỗ Thị Hạnh")),
        }
        documents = {
            name: receive(services, unit, name, lambda path, lines=lines: small_scan(path, *lines))
            for name, (unit, lines) in scans.items()
        }
        wait_for_jobs(services)
        tag_by_hand(services.store, services.layout, documents["cccd.png"], CODE_OWN, "test")
        tag_by_hand(services.store, services.layout, documents["don-b.png"], CODE_B, "test")
        with web_client(services) as client:
            yield Office(services, client, documents)


def test_the_clerk_reuses_a_document_from_its_page_and_removes_it_with_a_reason(
    office: Office,
) -> None:
    token = office.as_user(CLERK_A)
    document_id = office.documents["cccd.png"]
    address = f"/clerk/documents/{document_id}/reuses"
    page = office.client.get(f"/documents/{document_id}").text
    assert "Dùng lại cho hồ sơ khác" in page and f'action="{address}"' in page

    unguarded = office.client.post(address, data={"code": CODE_NEW})
    assert unguarded.status_code == 403 and office.reuses() == []
    invalid = office.client.post(address, data={"code": "H57.132-269999-01", "csrf_token": token})
    assert invalid.status_code == 400 and "không phải mã hồ sơ hợp lệ" in invalid.text
    assert 'value="H57.132-269999-01"' in invalid.text, "what the clerk typed is kept"
    own = office.client.post(address, data={"code": CODE_OWN, "csrf_token": token})
    assert own.status_code == 400 and f"là giấy tờ của chính hồ sơ {CODE_OWN}" in own.text

    note = "CCCD đã số hóa khi nộp hồ sơ trước"
    done = office.client.post(
        address,
        data={"code": CODE_NEW.lower(), "note": note, "csrf_token": token},
        follow_redirects=False,
    )
    assert done.status_code == 303
    assert done.headers["location"] == f"/documents/{document_id}?ok=reused#reuse-title"
    assert office.reuses() == [(document_id, CODE_NEW)]
    shown = office.client.get(done.headers["location"]).text
    assert "Đã dùng lại văn bản cho hồ sơ khác" in shown
    section = shown.split('id="reuse-title"')[1].split('id="history-title"')[0]
    assert CODE_NEW in section and "chưa có trong sổ theo dõi" in section and note in section
    assert "Dùng lại văn bản đã số hóa cho hồ sơ khác" in shown  # the history in words
    twice = office.client.post(address, data={"code": CODE_NEW, "csrf_token": token})
    assert twice.status_code == 400 and "đã được dùng lại cho hồ sơ" in twice.text

    office.as_user(AUDITOR)
    dossier = office.client.get(f"/auditor/dossiers/{CODE_NEW}")
    assert dossier.status_code == 200, dossier.text[-500:]
    reused = dossier.text.split('id="reused-title"')[1]
    assert "cccd.png" in reused and CODE_OWN in reused and note in reused

    token = office.as_user(CLERK_A)
    remove = f"/clerk/documents/{document_id}/reuses/remove"
    blank = office.client.post(remove, data={"code": CODE_NEW, "reason": " ", "csrf_token": token})
    assert blank.status_code == 400 and "Hãy ghi lý do bỏ dùng lại" in blank.text
    removed = office.client.post(
        remove,
        data={"code": CODE_NEW, "reason": "Nhầm người nộp", "csrf_token": token},
        follow_redirects=False,
    )
    assert removed.status_code == 303 and office.reuses() == []
    after = office.client.get(removed.headers["location"]).text
    assert "Đã bỏ dùng lại văn bản" in after and "chưa được dùng lại cho hồ sơ nào" in after
    with office.services.store.reading() as session:
        entry = session.scalars(
            select(AuditRecord).where(AuditRecord.action == "document.reuse_removed")
        ).one()
    assert entry.actor == f"web:{CLERK_A}"
    assert json.loads(entry.details)["reason"] == "Nhầm người nộp"


def test_an_untagged_document_says_why_and_another_units_clerk_gets_404(office: Office) -> None:
    token = office.as_user(CLERK_A)
    untagged = office.documents["chua-gan.png"]
    page = office.client.get(f"/documents/{untagged}").text
    assert 'id="reuse-refused"' in page and "chưa gắn với hồ sơ nào" in page
    refused = office.client.post(
        f"/clerk/documents/{untagged}/reuses", data={"code": CODE_NEW, "csrf_token": token}
    )
    assert refused.status_code == 409

    token = office.as_user(CLERK_B)
    foreign = office.client.post(
        f"/clerk/documents/{office.documents['cccd.png']}/reuses",
        data={"code": CODE_NEW, "csrf_token": token},
    )
    assert foreign.status_code == 404 and office.reuses() == []


def test_the_api_twin_reuses_and_refuses_alike(office: Office) -> None:
    office.client.cookies.clear()
    document_id = office.documents["cccd.png"]
    path = f"/api/documents/{document_id}/reuses"
    bearer = {
        name: {"Authorization": f"Bearer {create_api_token(office.services.store, name, 't', 't')}"}
        for name in (CLERK_A, CLERK_B, AUDITOR)
    }
    assert office.client.post(path, json={"dossier_code": CODE_API}).status_code == 401
    assert (
        office.client.post(path, json={"dossier_code": CODE_API}, headers=bearer[AUDITOR])
    ).status_code == 403
    assert (
        office.client.post(path, json={"dossier_code": CODE_API}, headers=bearer[CLERK_B])
    ).status_code == 404

    done = office.client.post(
        path, json={"dossier_code": CODE_API, "note": "qua API"}, headers=bearer[CLERK_A]
    )
    assert done.status_code == 200, done.text
    body = done.json()
    assert (body["document_id"], body["dossier_code"], body["registered"]) == (
        document_id,
        CODE_API,
        False,
    )
    again = office.client.post(path, json={"dossier_code": CODE_API}, headers=bearer[CLERK_A])
    assert again.status_code == 409 and "đã được dùng lại" in again.json()["detail"]
    bad = office.client.post(path, json={"dossier_code": "không phải mã"}, headers=bearer[CLERK_A])
    assert bad.status_code == 400
    assert (document_id, CODE_API) in office.reuses()
