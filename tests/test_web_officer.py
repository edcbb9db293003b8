"""The signing officer's pages, in-process, on an office digitized once by `sohoa run --once`.

The module digitizes two results, submits their batch (`sohoa batches submit`, as a clerk
would) and adds the users with the command line; each test works on a copy of that data
folder, through the web app over the same services `sohoa run` opens.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from PIL import Image
from sqlalchemy import select

from service.compose import JobProcess
from store.schema import AuditRecord, DocumentRecord, UserRecord
from tests.support.drops import UNIT, dossier_code, paper, save_pdf
from tests.support.nss import pdfsig
from tests.support.pages import corpus_text
from tests.support.service import sohoa, wait_for
from tests.support.tsa import TrustServices
from tests.support.web import PASSWORD, add_user, csrf_of, log_in, web_client, web_services

pytest_plugins = ("tests.support.signing_fixtures",)

APPROVER = "lan"  # an officer named in the profile's approvers
BYSTANDER = "minh"  # an officer who is not
AUDITOR = "thu"
PNG = b"\x89PNG\r\n\x1a\n"
_THUMBNAIL = re.compile(r'src="(/officer/documents/(\d+)/pages/1\.png\?width=160)"')
_DOCUMENT_LINK = re.compile(r'href="/officer/documents/(\d+)\?lo=\d+"')


def settings_text(trust: TrustServices, secret: Path, approvers: list[str]) -> str:
    """Results are signed by the agency's profile `xa`; intake scans are not signed here."""
    pki = trust.pki
    quoted = ", ".join(json.dumps(name) for name in approvers)
    return (
        '[signing]\nresult = "xa"\n[signing.profiles.xa]\n'
        f'pkcs12 = "{pki.signer_pkcs12}"\npassphrase_file = "{secret}"\n'
        f'chain = ["{pki.intermediate_cert}"]\ntrust_roots = ["{pki.root_cert}"]\n'
        f"approvers = [{quoted}]\n"
        '[signing.profiles.xa.appearance]\nkind = "agency"\nlabel = "Bản sao điện tử"\n'
    )


def make_office(folder: Path, secrets: Path, trust: TrustServices) -> Path:
    """Two results digitized, their batch submitted for approval, and the users; the data
    directory (the settings file beside it)."""
    data_dir = folder / "var"
    inbox = data_dir / "inbox" / UNIT / "results"
    inbox.mkdir(parents=True)
    words = corpus_text().split()
    for number in range(2):
        code = dossier_code(number)
        save_pdf([paper(words, seed=number, code_in_text=code)], inbox / f"{code}.pdf")
    secret = secrets / "xa.passphrase"
    secret.write_text(trust.pki.passphrase + "\n", encoding="utf-8")
    (folder / "sohoa.toml").write_text(settings_text(trust, secret, [APPROVER]), encoding="utf-8")
    completed = sohoa(data_dir, "run", "--once")
    assert completed.returncode == 0, completed.stderr
    listed = sohoa(data_dir, "batches", "list", "--json")
    assert listed.returncode == 0, listed.stderr
    (batch,) = json.loads(listed.stdout)
    submitted = sohoa(data_dir, "batches", "submit", str(batch["id"]))
    assert submitted.returncode == 0, submitted.stderr
    add_user(data_dir, APPROVER, "officer")
    add_user(data_dir, BYSTANDER, "officer")
    add_user(data_dir, AUDITOR, "auditor")
    return data_dir


@pytest.fixture(scope="module")
def digitized_office(
    tmp_path_factory: pytest.TempPathFactory, trust_services: TrustServices
) -> Path:
    folder = tmp_path_factory.mktemp("office")
    return make_office(folder, tmp_path_factory.mktemp("secrets"), trust_services)


@pytest.fixture
def services(
    digitized_office: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[JobProcess]:
    copy = tmp_path / "office"
    shutil.copytree(digitized_office.parent, copy)
    monkeypatch.chdir(copy)  # where `sohoa run` would read its settings file
    with web_services(copy / "var") as opened:
        yield opened


@pytest.fixture
def client(services: JobProcess) -> Iterator[TestClient]:
    with web_client(services) as opened:
        yield opened


def submitted_batch(client: TestClient) -> int:
    listed = client.get("/officer/batches")
    assert listed.status_code == 200
    waiting = listed.text.split('id="recent-title"')[0]
    (batch,) = set(re.findall(r'href="/officer/batches/(\d+)"', waiting))
    return int(batch)


def outputs(services: JobProcess) -> dict[Path, str]:
    with services.store.reading() as session:
        relative = session.scalars(
            select(DocumentRecord.output_path).where(DocumentRecord.output_path.is_not(None))
        ).all()
    paths = [services.layout.absolute(path) for path in relative if path]
    return {path: hashlib.sha256(path.read_bytes()).hexdigest() for path in paths}


def audit_entries(services: JobProcess, action: str) -> list[AuditRecord]:
    with services.store.reading() as session:
        return list(session.scalars(select(AuditRecord).where(AuditRecord.action == action)))


def test_the_waiting_batch_shows_with_page_thumbnails(client: TestClient) -> None:
    log_in(client, APPROVER)
    listed = client.get("/officer/batches")
    assert listed.status_code == 200
    waiting = listed.text.split('id="recent-title"')[0]
    assert "Chờ duyệt" in waiting and "xa" in waiting and UNIT in waiting
    assert "Kết quả giải quyết" in waiting
    assert re.search(r'<td class="number">2</td>', waiting)
    thumbnails = _THUMBNAIL.findall(waiting)
    assert len(thumbnails) == 2
    for address, _ in thumbnails:
        image = client.get(address)
        assert image.status_code == 200, image.text[-800:]
        assert image.headers["content-type"] == "image/png"
        assert image.content.startswith(PNG)
        with Image.open(io.BytesIO(image.content)) as picture:
            assert picture.width == 160 and picture.height > 200  # an A4 page, upright
    assert client.get(thumbnails[0][0].replace("width=160", "width=4000")).status_code == 404
    assert client.get(thumbnails[0][0].replace("/1.png", "/9.png")).status_code == 404


def test_the_batch_and_the_viewer_show_each_document(client: TestClient) -> None:
    log_in(client, APPROVER)
    batch = submitted_batch(client)
    shown = client.get(f"/officer/batches/{batch}")
    assert shown.status_code == 200
    for number in range(2):
        assert dossier_code(number) in shown.text
    assert "Chờ ký" in shown.text  # every item waits for its signature
    assert f'action="/officer/batches/{batch}/approve"' in shown.text
    assert 'name="reason"' in shown.text and "required" in shown.text
    assert "data-live-url" not in shown.text  # nothing to watch yet

    document = _DOCUMENT_LINK.findall(shown.text)[0]
    viewer = client.get(f"/officer/documents/{document}?lo={batch}")
    assert viewer.status_code == 200
    assert dossier_code(0) in viewer.text and "Chưa ký" in viewer.text
    assert "Văn bản 1/2" in viewer.text  # its place in the batch
    page_image = f"/documents/{document}/pages/1.png?width=1000"
    assert page_image in viewer.text
    assert client.get(page_image).content.startswith(PNG)
    pdf = client.get(f"/officer/documents/{document}/pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.headers["content-disposition"].startswith("inline")
    assert client.get(f"/officer/documents/{document}?trang=2").status_code == 404
    assert client.get("/officer/documents/999999").status_code == 404


def test_approving_through_the_form_signs_every_document(
    client: TestClient, services: JobProcess, nss_database: str
) -> None:
    csrf = log_in(client, APPROVER)
    batch = submitted_batch(client)
    before = outputs(services)
    confirmation = client.get(f"/officer/batches/{batch}/approve")
    assert "Ký số 2 văn bản bằng hồ sơ ký 'xa'?" in confirmation.text
    assert outputs(services) == before, "the confirmation itself signs nothing"

    approved = client.post(
        f"/officer/batches/{batch}/approve", data={"csrf_token": csrf}, follow_redirects=False
    )
    assert approved.status_code == 303
    assert approved.headers["location"] == f"/officer/batches/{batch}?ok=approved"
    watching = client.get(approved.headers["location"])
    assert "Đã duyệt lô" in watching.text
    if "Đã ký xong" not in watching.text:  # still signing: a live region follows the progress
        assert 'aria-live="polite"' in watching.text and "/static/live.js" in watching.text
        assert f'data-live-url="/officer/batches/{batch}/state"' in watching.text
        state = client.get(f"/officer/batches/{batch}/state").json()
        assert state["documents"] == 2 and state["text"]

    def signed() -> bool:
        return "Đã ký xong" in client.get(f"/officer/batches/{batch}").text

    wait_for(signed, 90)
    page = client.get(f"/officer/batches/{batch}").text
    assert "Đã ký 2/2" in page and "data-live-url" not in page
    assert client.get(f"/officer/batches/{batch}/state").json()["done"] is True
    # Who decided, by login name when they have no full name (never as the trail writes it).
    assert f" — {APPROVER}</dd>" in page and f"web:{APPROVER}" not in page

    after = outputs(services)
    assert after.keys() == before.keys()
    for path, digest in after.items():
        assert digest != before[path]
        said = pdfsig(path, nss_database).stdout
        assert "Signature is Valid" in said and "Certificate is Trusted" in said, said

    (entry,) = audit_entries(services, "batch.approved")
    assert entry.actor == f"web:{APPROVER}" and entry.subject == f"batch:{batch}"

    listed = client.get("/officer/signed")
    assert listed.status_code == 200
    for number in range(2):
        assert dossier_code(number) in listed.text
    links = re.findall(r'href="(/officer/documents/\d+/pdf)"', listed.text)
    assert len(links) == 2
    download = client.get(links[0])
    assert download.content.startswith(b"%PDF") and b"/ByteRange" in download.content
    recent = client.get("/officer/batches").text.split('id="recent-title"')[1]
    assert f"Lô số {batch}" in recent and "Đã ký" in recent


def test_rejecting_needs_a_reason_and_then_signs_nothing(
    client: TestClient, services: JobProcess
) -> None:
    csrf = log_in(client, APPROVER)
    batch = submitted_batch(client)
    before = outputs(services)

    blank = client.post(
        f"/officer/batches/{batch}/reject", data={"csrf_token": csrf, "reason": "  "}
    )
    assert blank.status_code == 400
    assert "Hãy ghi lý do từ chối" in blank.text
    assert "Chờ duyệt" in client.get(f"/officer/batches/{batch}").text
    assert audit_entries(services, "batch.rejected") == []

    reason = "Thiếu trang 2 của hồ sơ"
    rejected = client.post(
        f"/officer/batches/{batch}/reject",
        data={"csrf_token": csrf, "reason": reason},
        follow_redirects=False,
    )
    assert rejected.status_code == 303
    page = client.get(rejected.headers["location"]).text
    assert "Bị từ chối" in page and reason in page and "Đã từ chối lô" in page
    assert f'action="/officer/batches/{batch}/approve"' not in page
    assert outputs(services) == before
    (entry,) = audit_entries(services, "batch.rejected")
    assert entry.actor == f"web:{APPROVER}"
    with services.store.writing() as session:
        approver = session.scalars(select(UserRecord).where(UserRecord.name == APPROVER)).one()
        approver.full_name = "Nguyễn Thị Lan"
    recent = client.get("/officer/batches").text.split('id="recent-title"')[1]
    assert "Nguyễn Thị Lan" in recent and f"web:{APPROVER}" not in recent

    again = client.post(f"/officer/batches/{batch}/approve", data={"csrf_token": csrf})
    assert again.status_code == 409 and "Bị từ chối" in again.text
    assert outputs(services) == before


def test_an_officer_who_is_not_an_approver_is_refused(
    client: TestClient, services: JobProcess
) -> None:
    csrf = log_in(client, BYSTANDER)
    batch = submitted_batch(client)
    before = outputs(services)
    shown = client.get(f"/officer/batches/{batch}").text
    assert f'action="/officer/batches/{batch}/approve"' not in shown
    assert "Người được duyệt lô này" in shown and APPROVER in shown

    for action, data in (("approve", {}), ("reject", {"reason": "Không đạt"})):
        refused = client.post(
            f"/officer/batches/{batch}/{action}", data={"csrf_token": csrf, **data}
        )
        assert refused.status_code == 403
        assert "<h1>Không có quyền</h1>" in refused.text
        assert f"Người được duyệt: {APPROVER}" in refused.text
    assert "Chờ duyệt" in client.get(f"/officer/batches/{batch}").text
    assert outputs(services) == before
    assert audit_entries(services, "batch.approved") == []
    assert audit_entries(services, "batch.rejected") == []


def test_only_officers_reach_these_pages(client: TestClient) -> None:
    assert client.get("/officer/batches", follow_redirects=False).status_code == 303
    form = client.get("/login")
    logged_in = client.post(
        "/login",
        data={"name": AUDITOR, "password": PASSWORD, "csrf_token": csrf_of(form.text)},
        follow_redirects=False,
    )
    assert logged_in.status_code == 303
    refused = client.get("/officer/batches")
    assert refused.status_code == 403 and "<h1>Không có quyền</h1>" in refused.text
    for address in ("/officer/signed", "/officer/documents/1", "/officer/documents/1/pdf"):
        assert client.get(address).status_code == 403
    assert client.get("/officer/documents/1/pages/1.png").status_code == 403
    posted = client.post("/officer/batches/1/approve", data={"csrf_token": csrf_of(refused.text)})
    assert posted.status_code == 403
