"""The JSON API for the one-stop system: bearer tokens, register rows pushed, a dossier's
digitization status, outputs and receipts fetched; and no input makes it fail (schemathesis)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from PIL import Image, ImageDraw
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from sqlalchemy import select

from accounts.api_tokens import create_api_token
from accounts.users import UserSpec, add_user
from intake.register import IncomingFile, Registered, register
from receipt_counter.flow import IssueRequest, issue_receipt
from receipt_counter.series import SeriesSpec, add_series
from service.compose import JobProcess
from service.web import create_app
from signing.keys import forget_signers
from store.schema import AuditRecord, DocumentRecord, JobRecord, ProcedureRecord
from store.states import DocumentKind, JobStatus, Role
from tests.support.pages import font
from tests.support.pki import make_test_pki
from tests.support.web import PASSWORD, web_client, web_services

UNIT, OTHER_UNIT = "xa-an-binh", "xa-binh-minh"
CODE = "H57.132-261008-0975"
USERS = {
    "quantri": ({Role.ADMIN}, ()),
    "lan": ({Role.CLERK}, (UNIT,)),
    "minh": ({Role.CLERK}, (OTHER_UNIT,)),
    "kiem": ({Role.AUDITOR}, ()),
    "hung": ({Role.OFFICER}, ()),
}

OPERATIONS = (
    "POST /api/dossiers",
    "GET /api/dossiers/{code}",
    "GET /api/documents/{document_id}/output",
    "GET /api/receipts/{series}/{number}",
    "GET /api/receipts/{series}/{number}/pdf",
    "GET /api/documents",
    "GET /api/documents/{document_id}",
    "GET /api/search",
    "POST /api/uploads",
    "GET /api/uploads/{document}",
    "GET /api/batches",
    "GET /api/batches/{batch_id}",
    "POST /api/batches",
    "POST /api/batches/{batch_id}/submit",
    "POST /api/batches/{batch_id}/resubmit",
    "POST /api/documents/{document_id}/tag",
    "POST /api/documents/{document_id}/reuses",
    "POST /api/documents/outputs.zip",
    "GET /api/fees",
    "POST /api/fees",
    "PUT /api/fees/{fee_id}",
    "DELETE /api/fees/{fee_id}",
    "POST /api/fees/import",
)
# Fuzzed with an admin's token, but admins may not search (an auditor's token) nor act on
# batches and tags (a clerk's).
FUZZED_AS = {
    "GET /api/search": "kiem",
    "GET /api/batches": "lan",
    "GET /api/batches/{batch_id}": "lan",
    "POST /api/batches": "lan",
    "POST /api/batches/{batch_id}/submit": "lan",
    "POST /api/batches/{batch_id}/resubmit": "lan",
    "POST /api/documents/{document_id}/tag": "lan",
    "POST /api/documents/{document_id}/reuses": "lan",
}


@dataclass(frozen=True)
class Office:
    services: JobProcess
    tokens: dict[str, str]
    document_id: int

    def bearer(self, name: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[name]}"}


def row(code: str, unit: str = UNIT, **changes: object) -> dict[str, object]:
    return {
        "code": code, "procedure_code": "1.001612", "procedure_name": "Chứng thực bản sao",
        "unit": unit, "channel": "trực tiếp", "received_at": "08/10/2026 08:30",
        "result_required": True, **changes,
    }  # fmt: skip


def scan(path: Path) -> None:
    """A small scanned paper: one line of Vietnamese text."""
    page = Image.new("L", (1240, 400), 255)
    ImageDraw.Draw(page).text((80, 150), "Giấy đề nghị chứng thực", font=font(56), fill=0)
    path.parent.mkdir(parents=True, exist_ok=True)
    page.save(path, dpi=(200, 200))


def digitized(services: JobProcess, seconds: float = 120) -> int:
    """Receive a scan in the dossier's folder and wait for its digitize job."""
    path = services.layout.inbox / UNIT / "intake" / CODE / "de-nghi.png"
    scan(path)
    inbox_path = PurePosixPath(f"{UNIT}/intake/{CODE}/de-nghi.png")
    incoming = IncomingFile(path, inbox_path, UNIT, DocumentKind.INTAKE, CODE)
    outcome = register(services.context, incoming)
    assert isinstance(outcome, Registered)
    deadline = time.monotonic() + seconds
    while True:
        with services.store.reading() as session:
            status = session.get_one(JobRecord, outcome.job_id).status
        if JobStatus(status).finished:
            assert status == JobStatus.DONE
            return outcome.document_id
        assert time.monotonic() < deadline, "the digitize job did not finish"
        time.sleep(0.1)


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Office]:
    """Users of every role with a token each, a digitized scan of dossier CODE and a receipt."""
    folder = tmp_path_factory.mktemp("api")
    pki = make_test_pki(folder / "pki")
    secret = folder / "thu-phi.passphrase"
    secret.write_text(pki.passphrase, encoding="utf-8")
    profile = {"pkcs12": str(pki.signer_pkcs12), "passphrase_file": str(secret)}
    forget_signers()
    with web_services(folder / "var", signing={"profiles": {"thu-phi": profile}}) as services:
        tokens = {}
        for name, (roles, units) in USERS.items():
            add_user(services.store, UserSpec(name, frozenset(roles), PASSWORD, units), "test")
            tokens[name] = create_api_token(services.store, name, "một cửa", "test")
        spec = SeriesSpec(
            "01BLP0-001", "BI-26T", "UBND xã An Bình", "0312345678", "Thôn Phú Lộc", UNIT,
            "thu-phi",
        )  # fmt: skip
        add_series(services, spec, "test")
        request = IssueRequest(
            series="BI-26T", payer="Nguyễn Thị Lan", dossier_code=CODE,
            items=(("Lệ phí chứng thực", 8000),),
        )  # fmt: skip
        issue_receipt(services, request, "web:lan")
        yield Office(services, tokens, digitized(services))
    forget_signers()


def test_the_api_needs_a_valid_token_of_a_role_that_may(office: Office) -> None:
    with web_client(office.services) as client:
        path = f"/api/dossiers/{CODE}"
        none = client.get(path)
        assert none.status_code == 401 and none.headers["www-authenticate"] == "Bearer"
        assert none.headers["content-type"] == "application/problem+json"
        assert none.json()["status"] == 401 and none.json()["detail"]
        for garbage in ("Bearer", "Bearer nonsense", "Bearer sohoa_nonsense", "Basic eDp5"):
            assert client.get(path, headers={"Authorization": garbage}).status_code == 401
        assert client.get(path, headers=office.bearer("hung")).status_code == 403  # officer
        pushed = client.post(
            "/api/dossiers", json={"dossiers": [row(CODE)]}, headers=office.bearer("kiem")
        )
        assert pushed.status_code == 403  # an auditor reads only
        schema = client.get("/api/openapi.json").json()
    listed = {
        f"{method.upper()} {path}" for path, item in schema["paths"].items() for method in item
    }
    assert listed == set(OPERATIONS)  # each is fuzzed below: a new one must be listed there
    assert "DossierStatusOut" in schema["components"]["schemas"]
    assert schema["components"]["securitySchemes"]["HTTPBearer"]["scheme"] == "bearer"


def test_a_clerk_pushes_rows_of_their_units_and_reads_the_status(office: Office) -> None:
    rows = [
        row(CODE),
        row("H57.132-261008-0976", resolved_at="2026-10-09T10:00:00+07:00"),
        row("không phải mã"),
        row("H57.132-261008-0977", channel="bồ câu"),
    ]
    with web_client(office.services) as client:
        pushed = client.post("/api/dossiers", json={"dossiers": rows}, headers=office.bearer("lan"))
        assert pushed.status_code == 200, pushed.text
        result = pushed.json()
        assert (result["created"], result["updated"], result["unchanged"]) == (2, 0, 0)
        assert result["documents_linked"] == 1  # the scan waiting for CODE
        assert [problem["row"] for problem in result["problems"]] == [3, 4]
        assert "is not a dossier code" in result["problems"][0]["reason"]
        again = client.post(
            "/api/dossiers", json={"dossiers": rows[:1]}, headers=office.bearer("lan")
        )
        assert again.json()["unchanged"] == 1

        foreign = client.post(
            "/api/dossiers",
            json={"dossiers": [row("H57.132-261008-0978", unit=OTHER_UNIT)]},
            headers=office.bearer("lan"),
        )
        assert foreign.status_code == 403 and "nothing was imported" in foreign.json()["detail"]
        moved = client.post(
            "/api/dossiers", json={"dossiers": [row(CODE, unit=OTHER_UNIT)]},
            headers=office.bearer("minh"),
        )  # fmt: skip
        assert moved.status_code == 403  # minh's unit, but the dossier is lan's
        malformed = client.post(
            "/api/dossiers", json={"dossiers": [{"code": CODE}]}, headers=office.bearer("lan")
        )
        assert malformed.status_code == 422
        assert malformed.headers["content-type"] == "application/problem+json"

        status = client.get(f"/api/dossiers/{CODE}-KQ1", headers=office.bearer("lan"))
        assert status.status_code == 200, status.text
        shown = status.json()
        assert shown["code"] == CODE and shown["registered"] and shown["unit"] == UNIT
        assert shown["intake_digitized"] and not shown["result_digitized"]
        (document,) = shown["documents"]
        assert document["id"] == office.document_id and document["status"] == "digitized"
        assert document["kind"] == "intake" and document["pages"] == 1
        assert document["tagged"] and document["tag_source"] == "folder"
        assert not document["signed"] and document["output_available"]
        assert document["output_url"] == f"/api/documents/{office.document_id}/output"
        (receipt,) = shown["receipts"]
        assert receipt["reference"] == "BI-26T-0000001" and receipt["total"] == 8000
        assert client.get(f"/api/dossiers/{CODE}", headers=office.bearer("minh")).status_code == 404
        assert client.get(f"/api/dossiers/{CODE}", headers=office.bearer("kiem")).status_code == 200
        unknown = client.get("/api/dossiers/H57.132-261008-0999", headers=office.bearer("kiem"))
        assert unknown.status_code == 404
        assert client.get("/api/dossiers/xyz", headers=office.bearer("kiem")).status_code == 400
    with office.services.store.reading() as session:
        imports = session.scalars(
            select(AuditRecord.actor).where(AuditRecord.action == "register.imported")
        ).all()
    assert "web:lan" in imports


def test_a_clerk_references_a_procedure_but_only_an_admin_renames_it(office: Office) -> None:
    def procedure() -> tuple[str, str]:
        with office.services.store.reading() as session:
            found = session.scalars(
                select(ProcedureRecord).where(ProcedureRecord.code == "1.001612")
            ).one()
            return found.name, found.field

    renamed = {"procedure_name": "Thủ tục bị đổi tên", "field": "Lĩnh vực lạ"}
    with web_client(office.services) as client:
        first = client.post(
            "/api/dossiers", json={"dossiers": [row("H57.132-261008-0980")]},
            headers=office.bearer("lan"),
        )  # fmt: skip
        assert first.status_code == 200, first.text
        before = procedure()
        pushed = client.post(
            "/api/dossiers", json={"dossiers": [row("H57.132-261008-0981", **renamed)]},
            headers=office.bearer("lan"),
        )  # fmt: skip
        assert pushed.status_code == 200 and pushed.json()["created"] == 1, pushed.text
        assert procedure() == before  # the clerk's dossier references the shared procedure
        by_admin = client.post(
            "/api/dossiers", json={"dossiers": [row("H57.132-261008-0982", **renamed)]},
            headers=office.bearer("quantri"),
        )  # fmt: skip
        assert by_admin.status_code == 200, by_admin.text
    assert procedure() == ("Thủ tục bị đổi tên", "Lĩnh vực lạ")
    with office.services.store.reading() as session:
        changes = session.scalars(
            select(AuditRecord).where(AuditRecord.action == "procedure.changed")
        ).all()
    assert [(entry.actor, entry.subject) for entry in changes] == [
        ("web:quantri", "procedure:1.001612")
    ]


def test_outputs_and_receipts_are_fetched_within_the_users_units(office: Office) -> None:
    output = f"/api/documents/{office.document_id}/output"
    with web_client(office.services) as client:
        fetched = client.get(output, headers=office.bearer("lan"))
        assert fetched.status_code == 200 and fetched.content.startswith(b"%PDF")
        assert fetched.headers["content-type"] == "application/pdf"
        assert fetched.headers["x-sohoa-signed"] == "false"
        assert client.get(output, headers=office.bearer("minh")).status_code == 404
        assert client.get(output, headers=office.bearer("kiem")).status_code == 200
        assert (
            client.get("/api/documents/999999/output", headers=office.bearer("quantri")).status_code
            == 404
        )

        receipt = client.get("/api/receipts/BI-26T/1", headers=office.bearer("lan"))
        assert receipt.status_code == 200, receipt.text
        shown = receipt.json()
        assert shown["payer"] == "Nguyễn Thị Lan" and shown["dossier_code"] == CODE
        assert shown["state"] == "issued" and shown["form"] == "01BLP0-001"
        assert shown["collector"] == "lan"  # no full name given: the login name
        assert shown["kind"] == "Biên lai thu thuế, phí, lệ phí không in sẵn mệnh giá"
        assert shown["lines"] == [{"name": "Lệ phí chứng thực", "kind": "lệ phí", "amount": 8000}]
        assert (
            len(shown["record_sha256"]) == 64 and shown["pdf_url"] == "/api/receipts/BI-26T/1/pdf"
        )
        pdf = client.get(shown["pdf_url"], headers=office.bearer("kiem"))
        assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
        assert 'filename="BI-26T-0000001.pdf"' in pdf.headers["content-disposition"]
        for path in ("/api/receipts/BI-26T/1", "/api/receipts/BI-26T/1/pdf"):
            assert client.get(path, headers=office.bearer("minh")).status_code == 404
        assert client.get("/api/receipts/BI-26T/2", headers=office.bearer("lan")).status_code == 404
        assert client.get("/api/receipts/XX-26T/1", headers=office.bearer("lan")).status_code == 404
    with office.services.store.reading() as session:
        signed = session.get_one(DocumentRecord, office.document_id).signed_at
    assert signed is None


@pytest.fixture(scope="module")
def api_schema(office: Office) -> schemathesis.BaseSchema:
    return schemathesis.openapi.from_asgi("/api/openapi.json", create_app(office.services.context))


@pytest.mark.parametrize("mode", list(GenerationMode))
@pytest.mark.parametrize("label", OPERATIONS)
def test_no_request_makes_the_api_fail(
    api_schema: schemathesis.BaseSchema, office: Office, label: str, mode: GenerationMode
) -> None:
    """Valid and invalid requests (schemathesis, 25 each) with a token that may call it: no
    500."""
    method, path = label.split(" ")
    token = office.bearer(FUZZED_AS.get(label, "quantri"))
    operation = api_schema[path][method]

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=25, deadline=None, database=None, suppress_health_check=list(HealthCheck)
    )
    def call(case: schemathesis.Case) -> None:
        response = case.call(headers=token)
        case.validate_response(response, checks=[not_a_server_error])

    call()
