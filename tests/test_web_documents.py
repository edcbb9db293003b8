"""The document list in-process: the page with its filters in the URL and its sort links, the
JSON twin answering the same documents, the clerk's bulk actions (tag, batch, batch and
submit), the ZIP of outputs, and a clerk of one unit never reaching another unit's documents.

Four small scans are OCR'd by Tesseract once for the module (three of unit A, one of B).
"""

from __future__ import annotations

import io
import re
import subprocess
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, update

from accounts.api_tokens import create_api_token
from service.compose import JobProcess
from signing.keys import forget_signers
from store.schema import BatchRecord, DocumentRecord, UnitRecord
from store.states import BatchState
from tests.support.pki import make_test_pki
from tests.support.web import add_user, log_in, web_client, web_services
from tests.test_web_clerk import receive, small_scan, wait_for_jobs

UNIT_A, UNIT_B = "xa-an-binh", "xa-binh-an"
NAME_A = "Bộ phận một cửa xã An Bình"
PROFILE = "ho-so-xa"
CODE = "H57.132-261204-0042"
SCANS = {
    "giay-a1.png": (UNIT_A, ("Đơn đề nghị cấp bản sao", "Người nộp: Trần Văn Dũng")),
    "giay-a2.png": (UNIT_A, ("Tờ khai đăng ký khai sinh", "Người khai: Lê Thị Mai")),
    "giay-a3.png": (UNIT_A, ("Giấy xác nhận cư trú", "Người đề nghị: Võ Văn Hải")),
    "giay-b1.png": (UNIT_B, ("Giấy ủy quyền", "Bên ủy quyền: Phạm Văn Tâm")),
}


@dataclass(frozen=True)
class Office:
    services: JobProcess
    client: TestClient
    documents: dict[str, int]

    def as_user(self, name: str) -> str:
        self.client.cookies.clear()
        return log_in(self.client, name)

    def document(self, document_id: int) -> DocumentRecord:
        with self.services.store.reading() as session:
            return session.get_one(DocumentRecord, document_id)

    def api(self, name: str, path: str) -> dict[str, object]:
        token = create_api_token(self.services.store, name, "kiểm tra", "test")
        answer = self.client.get(path, headers={"Authorization": f"Bearer {token}"})
        assert answer.status_code == 200, answer.text
        body = answer.json()
        assert isinstance(body, dict)
        return body


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Office]:
    folder = tmp_path_factory.mktemp("documents")
    data_dir = folder / "var"
    add_user(data_dir, "lan", "clerk", units=(UNIT_A,))
    add_user(data_dir, "minh", "clerk", units=(UNIT_B,))
    add_user(data_dir, "hung", "officer")
    add_user(data_dir, "mai", "auditor")
    profile = make_test_pki(folder / "pki").profile_settings(folder, PROFILE)
    forget_signers()
    with web_services(data_dir, signing={"profiles": {PROFILE: profile}}) as services:
        documents = {
            name: receive(services, unit, name, lambda path, lines=lines: small_scan(path, *lines))
            for name, (unit, lines) in SCANS.items()
        }
        wait_for_jobs(services)
        with services.store.writing() as session:
            session.execute(update(UnitRecord).where(UnitRecord.code == UNIT_A).values(name=NAME_A))
        with web_client(services) as client:
            yield Office(services, client, documents)
    forget_signers()


def listed_names(html: str) -> list[str]:
    return re.findall(r'<a href="/documents/\d+">([^<]+)</a>', html)


def test_the_list_shows_a_clerk_their_units_documents_with_what_each_is(office: Office) -> None:
    office.as_user("lan")
    answer = office.client.get("/documents")
    assert answer.status_code == 200, answer.text[-2000:]
    assert sorted(listed_names(answer.text)) == ["giay-a1.png", "giay-a2.png", "giay-a3.png"]
    first = office.documents["giay-a1.png"]
    assert f'src="/documents/{first}/pages/1.png?width=160"' in answer.text
    assert f"{NAME_A} <small" in answer.text and UNIT_A in answer.text
    assert "Hồ sơ tiếp nhận" in answer.text and "Đã số hóa" in answer.text
    assert '<div class="table-scroll">' in answer.text
    assert 'aria-sort="descending"' in answer.text  # received time, newest first
    thumbnail = office.client.get(f"/documents/{first}/pages/1.png?width=160")
    assert thumbnail.status_code == 200 and thumbnail.content[:4] == b"\x89PNG"


def test_filters_and_sort_live_in_the_url_and_the_api_answers_the_same(office: Office) -> None:
    office.as_user("lan")
    path = "/documents?kind=intake&signed=no&sort=name&order=desc&size=25"
    page = office.client.get(path)
    assert page.status_code == 200
    assert listed_names(page.text) == ["giay-a3.png", "giay-a2.png", "giay-a1.png"]
    name_heading = re.search(
        r'<th scope="col" aria-sort="descending">\s*<a href="([^"]+)"', page.text
    )
    assert name_heading is not None
    reverse = name_heading.group(1).replace("&amp;", "&")
    assert "sort=name" in reverse and "order=asc" in reverse and "kind=intake" in reverse
    assert listed_names(office.client.get(reverse).text) == [
        "giay-a1.png", "giay-a2.png", "giay-a3.png",
    ]  # fmt: skip
    assert 'value="intake" selected' in page.text, "the form shows the filter in force"

    body = office.api("lan", "/api" + path)
    items = body["items"]
    assert isinstance(items, list)
    names = {item["original_name"]: item["id"] for item in items}
    assert [item["original_name"] for item in items] == listed_names(page.text)
    assert names["giay-a1.png"] == office.documents["giay-a1.png"]
    assert items[0]["unit_name"] == NAME_A and items[0]["stage"] == "digitized"
    assert body["next_cursor"] is None and body["previous_cursor"] is None

    none = office.client.get("/documents?kind=result")
    assert listed_names(none.text) == [] and "Không có tài liệu nào khớp" in none.text


def test_a_page_of_one_walks_forward_and_back_by_cursor(office: Office) -> None:
    office.as_user("lan")
    body = office.api("lan", "/api/documents?sort=name&order=asc&size=25")
    assert len(body["items"]) == 3  # type: ignore[arg-type]
    page = office.client.get("/documents?sort=name&order=asc&size=25")
    assert 'rel="next"' not in page.text and 'rel="prev"' not in page.text


def test_bad_parameters_are_refused_in_vietnamese_not_failed(office: Office) -> None:
    office.as_user("lan")
    for path in (
        "/documents?cursor=bad-cursor",
        "/documents?cursor=eyJzIjoicmVjZWl2ZWQifQ",
        "/documents?size=7",
        "/documents?from=2026-13-01",
        "/documents?to=9999-12-31",
        "/documents?from=0001-01-01",
        "/documents?code=H57%00",
        "/documents?sort=password",
        "/documents?unit=" + "9" * 25,
    ):
        answer = office.client.get(path)
        assert answer.status_code == 400, (path, answer.status_code)
        assert "không" in answer.text.lower() or "phải" in answer.text
    token = create_api_token(office.services.store, "lan", "kiểm tra", "test")
    api = office.client.get(
        "/api/documents?cursor=bad", headers={"Authorization": f"Bearer {token}"}
    )
    assert api.status_code == 400 and api.headers["content-type"] == "application/problem+json"


def test_a_clerk_never_reaches_another_units_documents(office: Office) -> None:
    token = office.as_user("minh")
    listed = office.client.get("/documents")
    assert listed_names(listed.text) == ["giay-b1.png"]
    with office.services.store.reading() as session:
        unit_a_id = session.scalars(select(UnitRecord.id).where(UnitRecord.code == UNIT_A)).one()
    unit_a = office.client.get(f"/documents?unit={unit_a_id}")
    assert unit_a.status_code == 200 and listed_names(unit_a.text) == []
    body = office.api("minh", "/api/documents")
    assert [item["original_name"] for item in body["items"]] == ["giay-b1.png"]  # type: ignore[attr-defined]

    token = office.as_user("minh")
    theirs = [office.documents["giay-b1.png"], office.documents["giay-a1.png"]]
    before = office.document(office.documents["giay-a1.png"])
    for path, data in (
        ("/clerk/documents/bulk", {"action": "tag", "code": CODE}),
        ("/clerk/documents/bulk", {"action": "batch_submit", "profile": PROFILE}),
        ("/documents/outputs.zip", {}),
    ):
        answer = office.client.post(
            path, data={**data, "csrf_token": token, "document_id": [str(i) for i in theirs]}
        )
        assert answer.status_code == 404, (path, answer.status_code)
    after = office.document(office.documents["giay-a1.png"])
    assert (after.dossier_code, after.batch_id, after.output_path) == (
        before.dossier_code, before.batch_id, before.output_path,
    )  # fmt: skip


def test_a_clerk_tags_several_documents_at_once(office: Office) -> None:
    token = office.as_user("lan")
    chosen = [office.documents["giay-a1.png"], office.documents["giay-a2.png"]]
    answer = office.client.post(
        "/clerk/documents/bulk",
        data={
            "csrf_token": token,
            "action": "tag",
            "code": CODE.lower(),
            "reason": "Gắn theo phiếu tiếp nhận",
            "document_id": [str(i) for i in chosen],
            "back": "/documents?sort=name&order=asc",
        },
    )
    assert answer.status_code == 200, answer.text[-1500:]
    assert "Xong 2 trên 2 tài liệu" in answer.text
    assert 'href="/documents?sort=name&amp;order=asc"' in answer.text
    for document_id in chosen:
        document = office.document(document_id)
        assert (document.dossier_code, document.tag_source) == (CODE, "clerk")
        assert document.output_path and f"/{CODE}/" in document.output_path
    listed = office.client.get(f"/documents?code={CODE[:8]}")
    assert sorted(listed_names(listed.text)) == ["giay-a1.png", "giay-a2.png"]
    refused = office.client.post(
        "/clerk/documents/bulk",
        data={"csrf_token": token, "action": "tag", "code": "không phải mã", "document_id": "1"},
    )
    assert refused.status_code == 400 and "không phải mã hồ sơ hợp lệ" in refused.text


def test_a_clerk_makes_a_batch_and_submits_another_from_the_list(office: Office) -> None:
    token = office.as_user("lan")
    first, second = office.documents["giay-a1.png"], office.documents["giay-a2.png"]
    made = office.client.post(
        "/clerk/documents/bulk",
        data={
            "csrf_token": token,
            "action": "batch",
            "profile": PROFILE,
            "document_id": [str(first)],
        },
    )
    assert made.status_code == 200, made.text[-1500:]
    batch_id = office.document(first).batch_id
    assert batch_id is not None and f"Lô ký số {batch_id} đã lập" in made.text
    submitted = office.client.post(
        "/clerk/documents/bulk",
        data={
            "csrf_token": token,
            "action": "batch_submit",
            "profile": PROFILE,
            "document_id": [str(first), str(second)],
        },
    )
    assert submitted.status_code == 200, submitted.text[-1500:]
    new_batch = office.document(second).batch_id
    assert new_batch is not None and new_batch != batch_id
    assert office.document(first).batch_id == new_batch, "moved out of the open batch"
    with office.services.store.reading() as session:
        assert session.get_one(BatchRecord, new_batch).state == BatchState.SUBMITTED
    listed = office.client.get(f"/documents?stage=submitted&batch={new_batch}")
    assert sorted(listed_names(listed.text)) == ["giay-a1.png", "giay-a2.png"]
    again = office.client.post(
        "/clerk/documents/bulk",
        data={
            "csrf_token": token,
            "action": "batch",
            "profile": PROFILE,
            "document_id": [str(first)],
        },
    )
    assert again.status_code == 409, "a submitted document cannot be batched again"
    before = office.document(first).output_path
    retagged = office.client.post(
        "/clerk/documents/bulk",
        data={
            "csrf_token": token,
            "action": "tag",
            "code": "H57.132-261204-0099",
            "document_id": [str(first)],
        },
    )
    assert retagged.status_code == 200 and "Xong 0 trên 1 tài liệu" in retagged.text
    assert "đã trình ký hoặc đang ký: không gắn lại mã được" in retagged.text
    assert office.document(first).output_path == before, "the output the officer reviews"


def test_the_outputs_download_as_one_zip(office: Office, tmp_path: Path) -> None:
    token = office.as_user("lan")
    chosen = [office.documents[name] for name in ("giay-a1.png", "giay-a2.png", "giay-a3.png")]
    answer = office.client.post(
        "/documents/outputs.zip",
        data={"csrf_token": token, "document_id": [str(i) for i in chosen]},
    )
    assert answer.status_code == 200, answer.text[-1500:]
    assert answer.headers["content-type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(answer.content))
    assert archive.testzip() is None
    assert sorted(archive.namelist()) == [
        f"{CODE}/giay-a1.pdf", f"{CODE}/giay-a2.pdf", "chua-gan-ma/giay-a3.pdf",
    ]  # fmt: skip
    member = tmp_path / "a1.pdf"
    member.write_bytes(archive.read(f"{CODE}/giay-a1.pdf"))
    checked = subprocess.run(["qpdf", "--check", str(member)], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    on_disk = office.services.layout.data_dir / str(office.document(chosen[0]).output_path)
    assert member.read_bytes() == on_disk.read_bytes()

    token = office.as_user("hung")  # an officer sees every unit
    other = office.client.post(
        "/documents/outputs.zip",
        data={"csrf_token": token, "document_id": str(office.documents["giay-b1.png"])},
    )
    assert other.status_code == 200
    assert zipfile.ZipFile(io.BytesIO(other.content)).namelist() == ["chua-gan-ma/giay-b1.pdf"]
    forged = office.client.post(
        "/documents/outputs.zip", data={"document_id": str(office.documents["giay-b1.png"])}
    )
    assert forged.status_code == 403
