"""Signing batches end to end, through the `sohoa` command on a digitized office.

Outputs are digitized once per module by `sohoa run --once`; each test works on a copy
of that data folder, so the tests stay independent.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from sqlalchemy import select

from signing.page_one import read_page_one
from store.schema import AuditRecord, DocumentRecord, JobRecord
from tests.support.drops import UNIT, dossier_code, paper, save_pdf
from tests.support.nss import pdfsig
from tests.support.pages import corpus_text
from tests.support.pki import ThrowawayPki
from tests.support.service import open_record, sohoa, wait_for
from tests.support.tsa import TrustServices
from tests.support.web import add_user, log_in_at_the_terminal

OFFICER = "hung"  # logged in with `sohoa login` on each office
pytest_plugins = ("tests.support.signing_fixtures",)


def settings_text(services: TrustServices, folder: Path, approvers: list[str]) -> str:
    """Results are signed by the agency with a timestamp (B-T); intake scans by a clerk (B-B)."""
    pki = services.pki
    secret = folder / "xa.passphrase"
    secret.write_text(pki.passphrase + "\n", encoding="utf-8")
    quoted = ", ".join(json.dumps(name) for name in approvers)
    key = (
        f'pkcs12 = "{pki.signer_pkcs12}"\npassphrase_file = "{secret}"\n'
        f'chain = ["{pki.intermediate_cert}"]\ntrust_roots = ["{pki.root_cert}"]\n'
        f"approvers = [{quoted}]\n"
    )
    return (
        '[signing]\nintake = "can-bo"\nresult = "xa"\n'
        f'[signing.profiles.xa]\n{key}timestamp_url = "{services.tsa_url}"\n'
        '[signing.profiles.xa.appearance]\nkind = "agency"\nlabel = "Bản sao điện tử"\n'
        f"[signing.profiles.can-bo]\n{key}"
        '[signing.profiles.can-bo.appearance]\nkind = "personal"\nname = "Nguyễn Thị Hoà"\n'
    )


@pytest.fixture(scope="module")
def digitized_office(
    tmp_path_factory: pytest.TempPathFactory, trust_services: TrustServices
) -> Path:
    """Two results and one intake scan, digitized, with profiles for both kinds."""
    office = tmp_path_factory.mktemp("office")
    data_dir = office / "var"
    words = corpus_text().split()
    for number, kind in enumerate(["results", "results", "intake"]):
        folder = data_dir / "inbox" / UNIT / kind
        folder.mkdir(parents=True, exist_ok=True)
        code = dossier_code(number)
        save_pdf([paper(words, seed=number, code_in_text=code)], folder / f"{code}.pdf")
    (office / "sohoa.toml").write_text(
        settings_text(trust_services, office, [OFFICER]), encoding="utf-8"
    )
    completed = sohoa(data_dir, "run", "--once")
    assert completed.returncode == 0, completed.stderr
    add_user(data_dir, OFFICER, "officer")
    return office


@pytest.fixture
def office(digitized_office: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "office"
    shutil.copytree(digitized_office, copy)
    settings = (copy / "sohoa.toml").read_text(encoding="utf-8")
    (copy / "sohoa.toml").write_text(
        settings.replace(str(digitized_office), str(copy)), encoding="utf-8"
    )
    log_in_at_the_terminal(copy / "var", OFFICER)
    return copy / "var"


def run_json(data_dir: Path, *arguments: str) -> object:
    completed = sohoa(data_dir, *arguments, "--json")
    assert completed.returncode == 0, completed.stderr
    return json.loads(completed.stdout)


def results_batch(data_dir: Path) -> dict[str, object]:
    batches = run_json(data_dir, "batches", "list")
    assert isinstance(batches, list)
    (batch,) = [batch for batch in batches if batch["kind"] == "result"]
    assert isinstance(batch, dict)
    return batch


def outputs(data_dir: Path, batch_id: object) -> list[Path]:
    shown = run_json(data_dir, "batches", "show", str(batch_id))
    assert isinstance(shown, dict)
    return [data_dir / item["output_path"] for item in shown["items"]]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def audit_actions(data_dir: Path) -> list[tuple[str, str, dict[str, object]]]:
    store = open_record(data_dir)
    try:
        with store.reading() as session:
            entries = session.scalars(select(AuditRecord).order_by(AuditRecord.id)).all()
            return [(entry.action, entry.actor, json.loads(entry.details)) for entry in entries]
    finally:
        store.dispose()


def test_outputs_collect_per_unit_kind_and_day_then_an_approval_signs_them(
    office: Path, nss_database: str
) -> None:
    batches = run_json(office, "batches", "list")
    assert isinstance(batches, list)
    kinds = sorted((batch["kind"], batch["profile"], batch["documents"]) for batch in batches)
    assert kinds == [("intake", "can-bo", 1), ("result", "xa", 2)]
    assert {batch["state"] for batch in batches} == {"open"}
    batch = results_batch(office)
    files = outputs(office, batch["id"])
    submitted = {path: digest(path) for path in files}

    assert sohoa(office, "batches", "submit", str(batch["id"])).returncode == 0
    approved = sohoa(office, "batches", "approve", str(batch["id"]))
    assert approved.returncode == 0, approved.stdout + approved.stderr
    assert "2 of 2 signed" in approved.stdout

    shown = run_json(office, "batches", "show", str(batch["id"]))
    assert isinstance(shown, dict)
    assert shown["state"] == "signed"
    assert shown["decided_by"] == f"cli:{OFFICER}"
    for path in files:
        assert digest(path) != submitted[path]
        text = subprocess.run(
            ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert "Bản sao điện tử" in text  # the agency stamp, Vietnamese intact
        assert "Mã hồ sơ" in text  # the OCR text layer is still there
        assert subprocess.run(["qpdf", "--check", str(path)], capture_output=True).returncode == 0
        said = pdfsig(path, nss_database).stdout
        assert "Signature is Valid" in said and "Certificate is Trusted" in said, said

    verified = sohoa(office, "verify", "--batch", str(batch["id"]), "--json")
    assert verified.returncode == 0, verified.stdout + verified.stderr
    reports = json.loads(verified.stdout)
    assert len(reports) == 2 and all(report["all_valid"] for report in reports)

    approvals = [entry for entry in audit_actions(office) if entry[0] == "batch.approved"]
    assert len(approvals) == 1
    _, actor, details = approvals[0]
    assert actor == f"cli:{OFFICER}"
    assert sorted(item["sha256"] for item in details["documents"]) == sorted(  # type: ignore[index, union-attr]
        submitted.values()
    )


def test_the_submitted_bytes_stay_the_start_of_the_signed_file(office: Path) -> None:
    batch = results_batch(office)
    files = outputs(office, batch["id"])
    before = {path: path.read_bytes() for path in files}
    assert sohoa(office, "batches", "submit", str(batch["id"])).returncode == 0
    assert sohoa(office, "batches", "approve", str(batch["id"])).returncode == 0
    for path in files:
        signed = path.read_bytes()
        assert signed.startswith(before[path]) and len(signed) > len(before[path])


def test_a_rejected_batch_signs_nothing_and_needs_a_reason(office: Path) -> None:
    batch = results_batch(office)
    files = outputs(office, batch["id"])
    before = {path: digest(path) for path in files}
    assert sohoa(office, "batches", "submit", str(batch["id"])).returncode == 0

    no_reason = sohoa(office, "batches", "reject", str(batch["id"]), "--reason", " ")
    assert no_reason.returncode != 0 and "reason" in no_reason.stderr
    rejected = sohoa(office, "batches", "reject", str(batch["id"]), "--reason", "Thiếu trang 2")
    assert rejected.returncode == 0, rejected.stderr
    assert {path: digest(path) for path in files} == before
    too_late = sohoa(office, "batches", "approve", str(batch["id"]))
    assert too_late.returncode != 0 and "rejected" in too_late.stderr
    assert {path: digest(path) for path in files} == before

    shown = run_json(office, "batches", "show", str(batch["id"]))
    assert isinstance(shown, dict)
    assert shown["state"] == "rejected" and shown["reason"] == "Thiếu trang 2"
    # The outputs wait again, in a new open batch.
    again = results_batch_other_than(office, batch["id"])
    assert again["state"] == "open" and again["documents"] == 2


def results_batch_other_than(data_dir: Path, batch_id: object) -> dict[str, object]:
    batches = run_json(data_dir, "batches", "list", "--state", "open")
    assert isinstance(batches, list)
    (batch,) = [b for b in batches if b["kind"] == "result" and b["id"] != batch_id]
    assert isinstance(batch, dict)
    return batch


def test_a_user_who_is_not_an_approver_cannot_approve(office: Path, pki: ThrowawayPki) -> None:
    settings = office.parent / "sohoa.toml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(
        text.replace(f"approvers = [{json.dumps(OFFICER)}]", 'approvers = ["truong-phong"]'),
        encoding="utf-8",
    )
    batch = results_batch(office)
    files = outputs(office, batch["id"])
    before = {path: digest(path) for path in files}
    assert sohoa(office, "batches", "submit", str(batch["id"])).returncode == 0
    refused = sohoa(office, "batches", "approve", str(batch["id"]))
    assert refused.returncode == 6, refused.stderr
    assert f"{OFFICER} may not approve" in refused.stderr
    assert {path: digest(path) for path in files} == before
    shown = run_json(office, "batches", "show", str(batch["id"]))
    assert isinstance(shown, dict)
    assert shown["state"] == "submitted"


def test_an_output_changed_after_submission_is_not_signed(office: Path) -> None:
    batch = results_batch(office)
    changed, untouched = outputs(office, batch["id"])
    assert sohoa(office, "batches", "submit", str(batch["id"])).returncode == 0
    with changed.open("ab") as appending:
        appending.write(b"\n% edited after submission\n")
    edited = digest(changed)

    approved = sohoa(office, "batches", "approve", str(batch["id"]))
    assert approved.returncode != 0
    assert "changed after batch" in approved.stdout
    assert digest(changed) == edited  # not signed, not touched
    shown = run_json(office, "batches", "show", str(batch["id"]))
    assert isinstance(shown, dict)
    assert shown["state"] == "partly_failed"
    states = {Path(item["output_path"]).name: item["state"] for item in shown["items"]}
    assert states == {changed.name: "refused", untouched.name: "signed"}
    refusals = [entry for entry in audit_actions(office) if entry[0] == "document.signing_refused"]
    assert len(refusals) == 1


def test_running_a_signing_job_again_changes_nothing(office: Path) -> None:
    from config import load_settings
    from service.compose import open_job_process

    batch = results_batch(office)
    assert sohoa(office, "batches", "submit", str(batch["id"])).returncode == 0
    assert sohoa(office, "batches", "approve", str(batch["id"])).returncode == 0
    files = outputs(office, batch["id"])
    signed = {path: digest(path) for path in files}

    store = open_record(office)
    with store.reading() as session:
        sign_jobs = session.scalars(select(JobRecord.id).where(JobRecord.kind == "sign")).all()
        signed_at = session.scalars(select(DocumentRecord.signed_at)).all()
    store.dispose()
    entries = len(audit_actions(office))

    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(office.parent)
        patch.setenv("SOHOA_DATA_DIR", str(office))
        services = open_job_process(load_settings(), "local", digitize=False)
        try:
            for job_id in sign_jobs:
                services.kinds.run(job_id)
        finally:
            services.close()
    assert {path: digest(path) for path in files} == signed
    assert len(audit_actions(office)) == entries
    store = open_record(office)
    with store.reading() as session:
        assert session.scalars(select(DocumentRecord.signed_at)).all() == signed_at
    store.dispose()


def test_the_ltv_pass_adds_validation_data_once_and_verification_sees_it(office: Path) -> None:
    batch = results_batch(office)
    assert sohoa(office, "batches", "submit", str(batch["id"])).returncode == 0
    assert sohoa(office, "batches", "approve", str(batch["id"])).returncode == 0
    files = outputs(office, batch["id"])
    signed = {path: path.read_bytes() for path in files}

    first = sohoa(office, "signing", "ltv")
    assert first.returncode == 0, first.stdout + first.stderr
    assert "added to 2 signed outputs" in first.stdout
    for path in files:
        grown = path.read_bytes()
        assert grown.startswith(signed[path]) and len(grown) > len(signed[path])
    again = sohoa(office, "signing", "ltv")
    assert "added to 0 signed outputs" in again.stdout
    assert all(path.read_bytes().startswith(signed[path]) for path in files)

    verified = sohoa(office, "verify", "--all", "--json")
    assert verified.returncode == 0, verified.stdout + verified.stderr
    reports = json.loads(verified.stdout)
    assert len(reports) == 2
    assert {check["level"] for report in reports for check in report["signatures"]} == {"B-LTA"}
    assert all(report["revocation_data_embedded"] for report in reports)


def test_verify_by_dossier_names_each_signature_and_fails_on_a_tampered_output(
    office: Path,
) -> None:
    batch = results_batch(office)
    assert sohoa(office, "batches", "submit", str(batch["id"])).returncode == 0
    assert sohoa(office, "batches", "approve", str(batch["id"])).returncode == 0
    code = dossier_code(0)
    shown = sohoa(office, "verify", "--dossier", code)
    assert shown.returncode == 0, shown.stdout + shown.stderr
    assert "1 of 1 files verified" in shown.stdout
    assert "UBND xã An Bình" in shown.stdout  # the signer, Vietnamese intact
    (output,) = [path for path in outputs(office, batch["id"]) if code in path.name]
    assert kept_verdict(office, output) == (True, hashlib.sha256(output.read_bytes()).hexdigest())

    data = bytearray(output.read_bytes())
    middle = data.index(b"stream", len(data) // 3)
    data[middle + 20] ^= 0x01
    output.write_bytes(bytes(data))
    broken = sohoa(office, "verify", "--dossier", code)
    assert broken.returncode == 7, broken.stdout + broken.stderr
    assert "FAIL" in broken.stdout and "0 of 1 files verified" in broken.stdout
    assert kept_verdict(office, output) == (False, hashlib.sha256(bytes(data)).hexdigest())


def kept_verdict(office: Path, output: Path) -> tuple[bool | None, str | None]:
    """What the record keeps of the output's last verification (the rates read it)."""
    store = open_record(office)
    try:
        with store.reading() as session:
            valid, sha256 = session.execute(
                select(
                    DocumentRecord.signature_valid, DocumentRecord.signature_checked_sha256
                ).where(DocumentRecord.output_path == output.relative_to(office).as_posix())
            ).one()
            return valid, sha256
    finally:
        store.dispose()


def test_a_batch_made_by_hand_takes_outputs_from_their_open_batch(office: Path) -> None:
    collected = results_batch(office)
    first, second = outputs_of(office, collected["id"])
    made = sohoa(office, "batches", "make", "--profile", "xa", str(first))
    assert made.returncode == 0, made.stderr
    batches = run_json(office, "batches", "list")
    assert isinstance(batches, list)
    (by_hand,) = [batch for batch in batches if batch["by_hand"]]
    assert by_hand["documents"] == 1 and by_hand["state"] == "open"
    assert outputs_of(office, collected["id"]) == [second]

    assert sohoa(office, "batches", "submit", str(by_hand["id"])).returncode == 0
    taken = sohoa(office, "batches", "make", "--profile", "xa", str(first))
    assert taken.returncode != 0 and f"is in batch {by_hand['id']}" in taken.stderr
    approved = sohoa(office, "batches", "approve", str(by_hand["id"]))
    assert approved.returncode == 0 and "1 of 1 signed" in approved.stdout
    signed_again = sohoa(office, "batches", "make", "--profile", "xa", str(first))
    assert signed_again.returncode != 0 and "signed already" in signed_again.stderr


def outputs_of(data_dir: Path, batch_id: object) -> list[int]:
    shown = run_json(data_dir, "batches", "show", str(batch_id))
    assert isinstance(shown, dict)
    return [item["document_id"] for item in shown["items"]]


def test_the_service_runs_the_ltv_pass_on_its_own(office: Path) -> None:
    from config import load_settings
    from service import schedules
    from store.record import open_record as open_the_record

    batch = results_batch(office)
    assert sohoa(office, "batches", "submit", str(batch["id"])).returncode == 0
    assert sohoa(office, "batches", "approve", str(batch["id"])).returncode == 0

    def ltv_done() -> int:
        store = open_record(office)
        try:
            with store.reading() as session:
                done = session.scalars(
                    select(DocumentRecord.id).where(DocumentRecord.ltv_at.is_not(None))
                ).all()
                return len(done)
        finally:
            store.dispose()

    assert ltv_done() == 0
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(office.parent)
        patch.setenv("SOHOA_DATA_DIR", str(office))
        patch.setattr(schedules, "FIRST_PASS_SECONDS", 0.1)
        record = open_the_record(load_settings())
        try:
            with schedules.service_schedules(record, lambda event: None):
                wait_for(lambda: ltv_done() == 2, 60)
        finally:
            record.close()


@pytest.mark.slow
def test_approval_on_the_celery_queue_sends_the_signing_jobs_to_the_workers(
    office: Path,
) -> None:
    """`sohoa batches approve` queues through the configured queue, as the web does: with
    queue = "celery" its signing jobs wait for a `sohoa worker`, which then signs them."""
    from tests.support.brokers import broker
    from tests.support.scale import workers

    batch = results_batch(office)
    assert sohoa(office, "batches", "submit", str(batch["id"])).returncode == 0
    with broker("redis") as url:
        celery = {"SOHOA_QUEUE": "celery", "SOHOA_BROKER_URL": url}
        approved = sohoa(office, "batches", "approve", str(batch["id"]), **celery)
        assert approved.returncode == 0, approved.stderr
        assert "sent to the workers" in approved.stdout
        assert sign_jobs(office) == {"queued": 2}, "the command must not sign them itself"
        with workers(office, 1, **celery) as (worker,):
            wait_for(lambda: sign_jobs(office) == {"done": 2}, 180, worker.log)
            signers = sign_job_workers(office)
            assert signers and all(worker.runs(pid) for pid in signers)
    shown = run_json(office, "batches", "show", str(batch["id"]))
    assert isinstance(shown, dict) and shown["state"] == "signed"
    verified = sohoa(office, "verify", "--batch", str(batch["id"]), "--json")
    assert verified.returncode == 0, verified.stdout + verified.stderr


def sign_jobs(data_dir: Path) -> dict[str, int]:
    store = open_record(data_dir)
    try:
        with store.reading() as session:
            statuses = session.scalars(select(JobRecord.status).where(JobRecord.kind == "sign"))
            counted: dict[str, int] = {}
            for status in statuses:
                counted[status] = counted.get(status, 0) + 1
            return counted
    finally:
        store.dispose()


def sign_job_workers(data_dir: Path) -> set[int]:
    """The process ids that ran the signing jobs (a job's worker is host:pid:thread)."""
    store = open_record(data_dir)
    try:
        with store.reading() as session:
            names = session.scalars(select(JobRecord.worker).where(JobRecord.kind == "sign"))
            return {int(name.split(":")[1]) for name in names if name}
    finally:
        store.dispose()


def test_the_command_line_acts_only_for_the_officer_logged_in(office: Path) -> None:
    """`LOGNAME=hung` proves nothing: approving needs an officer's token, kept private."""
    batch = str(results_batch(office)["id"])
    assert sohoa(office, "batches", "submit", batch).returncode == 0
    nobody = {"XDG_CONFIG_HOME": str(office.parent / "elsewhere"), "LOGNAME": OFFICER,
              "USER": OFFICER}  # fmt: skip
    posing = sohoa(office, "batches", "approve", batch, **nobody)
    assert posing.returncode == 6 and "sohoa login" in posing.stderr
    add_user(office, "lan", "clerk", units=(UNIT,))
    made = sohoa(office, "users", "token", "lan", "--label", "quầy 1")
    clerk = {**nobody, "SOHOA_TOKEN": made.stdout.strip()}
    not_an_officer = sohoa(office, "batches", "reject", batch, "--reason", "x", **clerk)
    assert not_an_officer.returncode == 6 and "lan is not a officer" in not_an_officer.stderr
    forged = sohoa(office, "batches", "approve", batch, **{**nobody, "SOHOA_TOKEN": "sohoa_x"})
    assert forged.returncode == 6 and "not valid" in forged.stderr
    shown = run_json(office, "batches", "show", batch)
    assert isinstance(shown, dict) and shown["state"] == "submitted"

    kept = next((office.parent / "config-home" / "sohoa" / "tokens").iterdir())
    assert kept.stat().st_mode & 0o777 == 0o600
    assert kept.parent.stat().st_mode & 0o777 == 0o700
    token = kept.read_text(encoding="utf-8").strip()
    assert sohoa(office, "logout").returncode == 0
    assert not kept.exists()
    revoked = sohoa(office, "batches", "approve", batch, SOHOA_TOKEN=token)
    assert revoked.returncode == 6 and "not valid" in revoked.stderr
    log_in_at_the_terminal(office, OFFICER)
    assert sohoa(office, "batches", "approve", batch).returncode == 0
    decisions = [entry for entry in audit_actions(office) if entry[0] == "batch.approved"]
    assert [actor for _, actor, _ in decisions] == [f"cli:{OFFICER}"]


def test_each_output_keeps_what_its_first_page_holds_for_the_stamp(office: Path) -> None:
    store = open_record(office)
    try:
        with store.reading() as session:
            kept = session.execute(
                select(DocumentRecord.output_path, DocumentRecord.page_one).where(
                    DocumentRecord.output_path.is_not(None)
                )
            ).all()
    finally:
        store.dispose()
    assert len(kept) == 3
    for output_path, page_one in kept:
        assert page_one is not None and '"boxes":[[' in page_one  # the page's words are there
        assert page_one == read_page_one(office / output_path)
