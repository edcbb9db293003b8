"""Upload from the browser and the API, in-process: a real scan is archived, OCR'd and listed;
the same content again is a duplicate; an unknown type is set aside with its reason; bodies
over the limit are refused before (or while) they are read and leave nothing behind; a clerk
uploads only into their units; a large file passes through with flat memory.

Bodies are sent straight to the ASGI app where it matters how much of them is read: the
test client reads a whole body before the app sees it.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

import anyio
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select

from service.compose import JobProcess
from store.schema import AuditRecord, DocumentRecord
from store.states import DocumentStatus
from tests.support.web import add_user, log_in, web_client, web_services
from tests.test_web_clerk import small_scan, wait_for_jobs

UNIT_A, UNIT_B = "xa-an-binh", "xa-binh-an"
MIB = 1024 * 1024


@dataclass(frozen=True)
class Office:
    folder: Path
    data_dir: Path
    services: JobProcess
    client: TestClient  # logged in as lan, a clerk of unit A
    token: str  # lan's CSRF token

    @property
    def app(self) -> FastAPI:
        app = self.client.app
        assert isinstance(app, FastAPI)
        return app

    def document(self, document_id: int) -> DocumentRecord:
        with self.services.store.reading() as session:
            return session.get_one(DocumentRecord, document_id)

    def upload(self, name: str, content: bytes, **query: str) -> dict[str, object]:
        answer = self.client.post(
            "/clerk/upload/file?"
            + urlencode({"unit": UNIT_A, "kind": "intake", "name": name, **query}),
            content=content,
            headers={"Content-Type": "application/octet-stream", "X-CSRF-Token": self.token},
        )
        assert answer.status_code == 200, answer.text[-800:]
        body = answer.json()
        assert isinstance(body, dict)
        return body


def staged_files(services: JobProcess) -> list[Path]:
    return [path for path in (services.layout.work / "uploads").rglob("*") if path.is_file()]


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Office]:
    folder = tmp_path_factory.mktemp("upload")
    data_dir = folder / "var"
    add_user(data_dir, "lan", "clerk", units=(UNIT_A,))
    add_user(data_dir, "minh", "clerk", units=(UNIT_B,))
    with web_services(data_dir) as services, web_client(services) as client:
        yield Office(folder, data_dir, services, client, log_in(client, "lan"))


@dataclass
class Sent:
    status: int
    body: bytes
    consumed: int  # bytes of the body the app asked for


def send_raw(
    app: FastAPI,
    path: str,
    headers: dict[str, str],
    chunks: Iterator[bytes],
    cookies: dict[str, str],
) -> Sent:
    """POST `chunks` to the app as a server would hand them over, counting what it reads."""
    consumed = 0
    status = 0
    body = b""
    done = False

    async def receive() -> dict[str, object]:
        nonlocal consumed, done
        if done:
            await anyio.sleep_forever()
        chunk = next(chunks, None)
        if chunk is None:
            done = True
            return {"type": "http.request", "body": b"", "more_body": False}
        consumed += len(chunk)
        return {"type": "http.request", "body": chunk, "more_body": True}

    async def send(message: dict[str, object]) -> None:
        nonlocal status, body
        if message["type"] == "http.response.start":
            status = int(message["status"])  # type: ignore[call-overload]
        elif message["type"] == "http.response.body":
            body += message.get("body", b"")  # type: ignore[operator]

    location, _, query = path.partition("?")
    cookie = "; ".join(f"{name}={value}" for name, value in cookies.items())
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": location,
        "raw_path": location.encode(),
        "query_string": query.encode(),
        "root_path": "",
        "headers": [
            (b"host", b"127.0.0.1"),
            (b"cookie", cookie.encode()),
            *((name.lower().encode(), value.encode()) for name, value in headers.items()),
        ],
        "client": ("127.0.0.1", 40000),
        "server": ("127.0.0.1", 80),
    }

    async def run() -> None:
        await app(scope, receive, send)  # type: ignore[arg-type]

    anyio.run(run)
    return Sent(status, body, consumed)


def pieces(total: int, size: int = 64 * 1024) -> Iterator[bytes]:
    """`total` bytes that no reader takes for a scan, `size` at a time, made as they are sent."""
    block = (b"not a scan, just bytes " * (size // 23 + 1))[:size]
    sent = 0
    while sent < total:
        piece = block[: min(size, total - sent)]
        sent += len(piece)
        yield piece


def test_a_scan_uploaded_from_the_browser_is_archived_digitized_and_listed(office: Office) -> None:
    page = office.client.get("/clerk/upload")
    assert page.status_code == 200
    assert f'<option value="{UNIT_A}"' in page.text and UNIT_B not in page.text
    assert 'src="/static/upload.js"' in page.text and 'aria-live="polite"' in page.text
    content = small_scan(office.folder / "don.png", "Đơn đề nghị cấp bản sao").read_bytes()

    answer = office.upload("../../don de nghi.png", content, dossier="h57.132-261008-0975")

    assert answer["outcome"] == "received" and answer["name"] == "don de nghi.png"
    document_id = int(answer["document"])  # type: ignore[call-overload]
    assert answer["link"] == f"/documents/{document_id}"
    wait_for_jobs(office.services)
    document = office.document(document_id)
    assert document.status == DocumentStatus.DIGITIZED, document.notes
    assert document.original_name == "don de nghi.png"
    assert document.dossier_code == "H57.132-261008-0975"
    assert (office.data_dir / document.archive_path).read_bytes() == content
    assert document.inbox_path.startswith(f"{UNIT_A}/intake/upload/lan-")
    status = office.client.get(f"/clerk/upload/documents/{document_id}").json()
    assert status["outcome"] == "digitized" and "H57.132-261008-0975" in status["message"]
    intake = office.client.get("/clerk/intake")
    assert "don de nghi.png" in intake.text
    assert not staged_files(office.services)

    again = office.upload("ban-khac.png", content)

    assert again["outcome"] == "duplicate" and again["document"] == document_id
    assert f"tài liệu số {document_id}" in str(again["message"])
    with office.services.store.reading() as session:
        duplicates = session.scalars(
            select(AuditRecord).where(AuditRecord.action == "document.duplicate_received")
        ).all()
    assert [entry.subject for entry in duplicates] == [f"document:{document_id}"]


def test_an_unknown_type_is_set_aside_with_its_reason(office: Office) -> None:
    answer = office.upload("chuong-trinh.exe", b"MZ\x90\x00" + b"\x00" * 4000)
    assert answer["outcome"] == "received"
    document_id = int(answer["document"])  # type: ignore[call-overload]
    wait_for_jobs(office.services)

    status = office.client.get(f"/clerk/upload/documents/{document_id}").json()

    assert status["outcome"] == "quarantined"
    assert "Đây không phải tệp PDF hay ảnh quét (TIFF, JPEG, PNG)." in status["message"]
    kept = office.services.layout.quarantine / UNIT_A / "chuong-trinh.exe"
    assert kept.read_bytes().startswith(b"MZ")
    reason = kept.with_name("chuong-trinh.exe.reason.txt").read_text(encoding="utf-8")
    assert "Đây không phải tệp PDF hay ảnh quét" in reason
    page = office.client.get("/clerk/quarantine")
    assert "chuong-trinh.exe" in page.text


def test_a_clerk_uploads_only_into_their_units_and_with_a_token(office: Office) -> None:
    before = staged_files(office.services), office.services.store
    path = "/clerk/upload/file?" + urlencode({"unit": UNIT_B, "kind": "intake", "name": "a.png"})
    headers = {"Content-Type": "application/octet-stream", "X-CSRF-Token": office.token}
    body = iter([b"x" * 1000])
    foreign = send_raw(office.app, path, headers, body, dict(office.client.cookies))
    assert foreign.status == 404 and foreign.consumed == 0
    assert "Không có đơn vị này" in foreign.body.decode()
    wrong_kind = office.client.post(
        "/clerk/upload/file?" + urlencode({"unit": UNIT_A, "kind": "khac", "name": "a.png"}),
        content=b"x",
        headers=headers,
    )
    assert wrong_kind.status_code == 400 and wrong_kind.json()["outcome"] == "refused"
    forged = office.client.post(
        "/clerk/upload/file?" + urlencode({"unit": UNIT_A, "kind": "intake", "name": "a.png"}),
        content=b"x",
        headers={"Content-Type": "application/octet-stream"},
    )
    assert forged.status_code == 403
    assert staged_files(office.services) == before[0] == []


def test_the_form_without_scripts_takes_several_files(office: Office) -> None:
    first = small_scan(office.folder / "to-khai.png", "Tờ khai đăng ký kết hôn").read_bytes()
    answer = office.client.post(
        "/clerk/upload",
        data={"unit": UNIT_A, "kind": "result", "dossier": "", "csrf_token": office.token},
        files=[
            ("files", ("to-khai.png", first, "image/png")),
            # Larger than a form's limit: the files' route has the file limit.
            ("files", ("ghi-chu.txt", "không phải bản quét. ".encode() * 30_000, "text/plain")),
        ],
    )
    assert answer.status_code == 200, answer.text[-800:]
    shown = re.findall(r'href="/documents/(\d+)"', answer.text)
    assert len(shown) == 2 and "to-khai.png" in answer.text and "ghi-chu.txt" in answer.text
    assert office.document(int(shown[0])).kind == "result"


def test_a_body_over_the_limit_is_refused_before_it_is_read(office: Office) -> None:
    with (
        web_services(office.data_dir, limits={"max_file_mb": 1}) as services,
        web_client(services) as client,
    ):
        token = log_in(client, "lan")
        app = client.app
        assert isinstance(app, FastAPI)
        path = "/clerk/upload/file?" + urlencode(
            {"unit": UNIT_A, "kind": "intake", "name": "lon.pdf"}
        )
        headers = {"Content-Type": "application/octet-stream", "X-CSRF-Token": token}

        declared = send_raw(
            app,
            path,
            {**headers, "Content-Length": str(50 * MIB)},
            pieces(50 * MIB),
            dict(client.cookies),
        )
        assert declared.status == 413 and declared.consumed == 0

        chunked = send_raw(app, path, headers, pieces(5 * MIB, 256 * 1024), dict(client.cookies))
        assert chunked.status == 413
        assert MIB < chunked.consumed <= MIB + 256 * 1024
        assert "quá lớn" in chunked.body.decode()
        assert staged_files(services) == []

        within = send_raw(app, path, headers, pieces(MIB - 10), dict(client.cookies))
        assert within.status == 200, within.body[-500:]
        wait_for_jobs(services)


def test_the_api_twin_uploads_for_a_token_of_a_clerk(office: Office) -> None:
    from accounts.api_tokens import create_api_token

    token = create_api_token(office.services.store, "lan", "tests", "test")
    content = small_scan(office.folder / "api.png", "Quyết định công nhận").read_bytes()
    with web_client(office.services) as api:
        api.headers["Authorization"] = f"Bearer {token}"
        answer = api.post(
            "/api/uploads?" + urlencode({"unit": UNIT_A, "kind": "intake", "name": "api.png"}),
            content=content,
            headers={"Content-Type": "application/octet-stream"},
        )
        assert answer.status_code == 200, answer.text
        assert answer.json()["outcome"] == "received"
        document_id = answer.json()["document"]
        foreign = api.post(
            "/api/uploads?" + urlencode({"unit": UNIT_B, "kind": "intake", "name": "api.png"}),
            content=content,
        )
        assert foreign.status_code == 404
        assert foreign.headers["content-type"] == "application/problem+json"
        wait_for_jobs(office.services)
        status = api.get(f"/api/uploads/{document_id}")
        assert status.status_code == 200 and status.json()["outcome"] == "digitized"
        anonymous = api.post(
            "/api/uploads?unit=x&kind=intake&name=a", headers={"Authorization": ""}
        )
        assert anonymous.status_code == 401
    schema = office.client.get("/api/openapi.json").json()
    assert (
        "application/octet-stream"
        in schema["paths"]["/api/uploads"]["post"]["requestBody"]["content"]
    )


def _rss() -> int:
    status = Path("/proc/self/status").read_text()
    found = re.search(r"VmRSS:\s+(\d+) kB", status)
    assert found
    return int(found.group(1)) * 1024


def test_a_large_upload_streams_with_flat_memory(office: Office) -> None:
    path = "/clerk/upload/file?" + urlencode({"unit": UNIT_A, "kind": "intake", "name": "lon.bin"})
    headers = {"Content-Type": "application/octet-stream", "X-CSRF-Token": office.token}
    wait_for_jobs(office.services)
    before = _rss()
    peak = before
    sending = True

    def watch() -> None:
        nonlocal peak
        while sending:
            peak = max(peak, _rss())
            time.sleep(0.002)

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        sent = send_raw(office.app, path, headers, pieces(20 * MIB), dict(office.client.cookies))
    finally:
        sending = False
        watcher.join()
    assert sent.status == 200, sent.body[-500:]
    assert sent.consumed == 20 * MIB
    assert peak - before < 8 * MIB, f"resident memory grew by {(peak - before) / MIB:.1f} MiB"
    wait_for_jobs(office.services)


def test_a_file_name_keeps_no_path_and_fits_any_file_system(office: Office) -> None:
    long_name = "C:\\Users\\lan\\..\\" + "hồ sơ đất đai " * 40 + ".pdf"
    answer = office.upload(long_name, b"%PDF-1.4 not really")
    name = str(answer["name"])
    assert name.startswith("hồ sơ đất đai") and name.endswith(".pdf")
    assert "\\" not in name and "/" not in name and len(name.encode()) <= 200
    document = office.document(int(answer["document"]))  # type: ignore[call-overload]
    assert document.original_name == name
    wait_for_jobs(office.services)
