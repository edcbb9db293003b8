"""`sohoa doctor` on real machines' troubles, each in its own test: Tesseract without its
Vietnamese data, certificates expired, expiring or from another CA, a data directory on a
read-only mount, PostgreSQL not listening, a database left behind by an upgrade; and the
same findings, in Vietnamese, on the admin's page.

One healthy office is set up once; each trouble is a settings file or a PATH beside it, so
that the doctor (which changes nothing) runs on the same data directory every time.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from config import load_settings
from health_checks.findings import Finding
from health_checks.signing_profiles import check_profile
from service.messages import DOCTOR_WORDS
from signing.keys import forget_signers
from signing.profiles import Pkcs11Key, SigningProfile
from store.database import Store
from tests.support.pki import ThrowawayPki, make_test_pki
from tests.support.service import sohoa
from tests.support.web import add_user, log_in, web_client, web_services

pytest_plugins = ("tests.support.signing_fixtures",)

REPO = Path(__file__).resolve().parents[1]
EXIT_PROBLEM = 3
TESSDATA = Path("/usr/share/tesseract-ocr/5/tessdata")


@dataclass(frozen=True)
class Office:
    folder: Path
    data_dir: Path
    good: ThrowawayPki
    foreign: ThrowawayPki

    def settings_file(self, name: str, profile: dict[str, object], **top: str) -> Path:
        """A settings file with the signing profile `thu-phi` as given."""
        lines = [f'{key} = "{value}"' for key, value in top.items()]
        lines.append("[signing.profiles.thu-phi]")
        lines += [f"{key} = {json.dumps(value)}" for key, value in profile.items()]
        path = self.folder / f"{name}.toml"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return path

    def profile(self, pki: ThrowawayPki, roots: ThrowawayPki | None = None) -> dict[str, object]:
        settings = pki.profile_settings(self.folder, f"{pki.signer_pkcs12.parent.name}")
        for secret in (pki.signer_pkcs12, Path(str(settings["passphrase_file"]))):
            secret.chmod(0o600)  # secrets readable by the service's user alone
        if roots is not None:
            settings["trust_roots"] = [str(roots.root_cert)]
        return settings


def doctor(office: Office, config: Path, **settings: str) -> tuple[int, dict[str, object]]:
    done = sohoa(office.data_dir, "doctor", "--json", SOHOA_CONFIG=str(config), **settings)
    assert done.returncode in (0, EXIT_PROBLEM), done.stderr
    return done.returncode, json.loads(done.stdout)


def findings(report: dict[str, object], check: str) -> list[dict[str, object]]:
    listed = report["findings"]
    assert isinstance(listed, list)
    return [finding for finding in listed if finding["check"] == check]


def only(report: dict[str, object], check: str) -> dict[str, object]:
    found = findings(report, check)
    assert len(found) == 1, (check, report)
    return found[0]


def problems(report: dict[str, object]) -> list[dict[str, object]]:
    listed = report["findings"]
    assert isinstance(listed, list)
    return [finding for finding in listed if finding["status"] == "problem"]


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory) -> Office:
    folder = tmp_path_factory.mktemp("office")
    data_dir = folder / "var"
    made = sohoa(data_dir, "status")  # opens the record: the folders, the database at head
    assert made.returncode == 0, made.stderr
    good = make_test_pki(folder / "good")
    foreign = make_test_pki(folder / "foreign", signer_name="Một CA khác")
    office = Office(folder, data_dir, good, foreign)
    office.settings_file("healthy", office.profile(good))
    return office


@pytest.fixture(scope="module")
def healthy(office: Office) -> Path:
    return office.folder / "healthy.toml"


def test_a_healthy_machine_exits_0_with_every_check_ok_or_a_warning(
    office: Office, healthy: Path
) -> None:
    code, report = doctor(office, healthy)
    assert problems(report) == []
    assert code == 0 and report["ok"] is True
    for check in ("tesseract", "tesseract.vie", "tesseract.osd", "pdftoppm", "pdftotext",
                  "qpdf", "data.writable", "data.modes", "database", "database.schema",
                  "web.port", "profile.key", "profile.certificate", "profile.chain"):  # fmt: skip
        assert {f["status"] for f in findings(report, check)} == {"ok"}, check
    assert len(findings(report, "secret.file")) == 2  # the PKCS#12 file and its passphrase


def test_the_report_is_vietnamese_by_default_and_english_on_request(
    office: Office, healthy: Path
) -> None:
    vietnamese = sohoa(office.data_dir, "--lang", "vi", "doctor", SOHOA_CONFIG=str(healthy))
    assert vietnamese.returncode == 0, vietnamese.stderr
    assert "Dữ liệu ngôn ngữ «vie» của Tesseract: Đã có dữ liệu ngôn ngữ «vie»." in (
        vietnamese.stdout
    )
    assert "Hồ sơ ký số thu-phi: mở được khóa ký." in vietnamese.stdout
    assert "Không có sự cố" in vietnamese.stdout
    english = sohoa(office.data_dir, "doctor", SOHOA_CONFIG=str(healthy))
    assert "Tesseract language data 'vie': language data 'vie' is installed" in english.stdout


def test_tesseract_without_its_vietnamese_data_is_a_problem_with_the_package_to_install(
    office: Office, healthy: Path, tmp_path: Path
) -> None:
    tessdata = tmp_path / "tessdata"
    tessdata.mkdir()
    for kept in ("eng.traineddata", "osd.traineddata"):
        (tessdata / kept).symlink_to(TESSDATA / kept)
    bin_folder = tmp_path / "bin"
    bin_folder.mkdir()
    wrapper = bin_folder / "tesseract"
    wrapper.write_text(
        f'#!/bin/sh\nTESSDATA_PREFIX={tessdata} exec {shutil.which("tesseract")} "$@"\n'
    )
    wrapper.chmod(0o755)
    path = f"{bin_folder}{os.pathsep}{os.environ['PATH']}"
    code, report = doctor(office, healthy, PATH=path)
    assert code == EXIT_PROBLEM and report["ok"] is False
    vie = only(report, "tesseract.vie")
    assert vie["status"] == "problem"
    assert "apt-get install tesseract-ocr-vie" in str(vie["fix"])
    assert only(report, "tesseract.osd")["status"] == "ok"
    assert [p["check"] for p in problems(report)] == ["tesseract.vie"]


def test_an_expired_certificate_is_a_problem_naming_the_day_it_ended(
    office: Office, tmp_path: Path
) -> None:
    expired = make_test_pki(tmp_path / "expired", signer_days=-3, signer_days_ago=400)
    config = office.settings_file("expired", office.profile(expired))
    code, report = doctor(office, config)
    assert code == EXIT_PROBLEM
    certificate = only(report, "profile.certificate")
    assert certificate["status"] == "problem"
    assert certificate["code"] == "doctor.profile.expired"
    assert "renew the certificate" in str(certificate["fix"])
    assert only(report, "profile.key")["status"] == "ok"  # it still opens: only its time is up
    assert only(report, "profile.chain")["status"] == "ok"  # and it did chain, while valid


def test_a_certificate_expiring_in_10_days_is_a_warning_and_exits_0(
    office: Office, tmp_path: Path
) -> None:
    expiring = make_test_pki(tmp_path / "expiring", signer_days=10)
    config = office.settings_file("expiring", office.profile(expiring))
    code, report = doctor(office, config)
    certificate = only(report, "profile.certificate")
    assert certificate["status"] == "warning"
    assert certificate["params"]["days"] == 10  # type: ignore[index]
    assert "expires in 10 days" in str(certificate["message"])
    assert code == 0 and problems(report) == []


def test_a_certificate_of_another_ca_than_the_trust_roots_is_a_problem(
    office: Office,
) -> None:
    config = office.settings_file("untrusted", office.profile(office.good, roots=office.foreign))
    code, report = doctor(office, config)
    assert code == EXIT_PROBLEM
    chain = only(report, "profile.chain")
    assert chain["status"] == "problem" and chain["code"] == "doctor.profile.untrusted"
    assert "trust_roots" in str(chain["fix"])
    assert only(report, "profile.certificate")["status"] == "ok"


def test_a_data_directory_on_a_read_only_mount_is_a_problem(
    office: Office, healthy: Path, tmp_path: Path
) -> None:
    data_dir = tmp_path / "var"
    shutil.copytree(office.data_dir, data_dir)
    copy = Office(office.folder, data_dir, office.good, office.foreign)
    with read_only(data_dir):
        code, report = doctor(copy, healthy)
    assert code == EXIT_PROBLEM
    writable = only(report, "data.writable")
    assert writable["status"] == "problem"
    expected = "doctor.data.read_only" if os.geteuid() == 0 else "doctor.data.not_writable"
    assert writable["code"] == expected
    assert str(data_dir) in str(writable["message"])


def test_postgresql_not_listening_is_a_problem_naming_the_setting(
    office: Office, healthy: Path
) -> None:
    port = closed_port()
    url = f"postgresql+psycopg://sohoa:mat-khau-bi-mat@127.0.0.1:{port}/sohoa"
    done = sohoa(office.data_dir, "doctor", "--json", SOHOA_CONFIG=str(healthy),
                 SOHOA_DATABASE_URL=url)  # fmt: skip
    assert done.returncode == EXIT_PROBLEM, done.stderr
    assert "mat-khau-bi-mat" not in done.stdout + done.stderr
    database = only(json.loads(done.stdout), "database")
    assert database["status"] == "problem" and database["code"] == "doctor.database.unreachable"
    assert f"127.0.0.1:{port}" in str(database["message"])
    assert "database_url" in str(database["fix"])


def test_a_database_left_at_an_older_migration_is_a_problem_asking_for_db_upgrade(
    office: Office, healthy: Path, tmp_path: Path
) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    migrate_to(url, "0008")
    code, report = doctor(office, healthy, SOHOA_DATABASE_URL=url)
    assert code == EXIT_PROBLEM
    assert only(report, "database")["status"] == "ok"
    schema = only(report, "database.schema")
    assert schema["status"] == "problem"
    assert schema["params"] == {"revision": "0008", "head": schema["params"]["head"]}  # type: ignore[index]
    assert "sohoa db upgrade" in str(schema["fix"])


def test_a_key_on_a_token_opens_with_its_pin_and_a_wrong_pin_is_a_problem_not_echoed(
    office: Office, token_profile: SigningProfile, tmp_path: Path
) -> None:
    key = token_profile.key
    assert isinstance(key, Pkcs11Key) and key.pin_file is not None
    key.pin_file.chmod(0o600)
    profile = {
        "pkcs11_module": str(key.module), "token_label": key.token_label,
        "key_label": key.key_label, "pin_file": str(key.pin_file),
        "certificate": str(key.certificate),
        "chain": [str(path) for path in token_profile.chain],
        "trust_roots": [str(path) for path in token_profile.trust_roots],
    }  # fmt: skip
    code, report = doctor(office, office.settings_file("token", profile))
    for check in ("profile.key", "profile.certificate", "profile.chain"):
        assert only(report, check)["status"] == "ok", check
    assert code == 0
    wrong_pin = tmp_path / "wrong.pin"
    wrong_pin.write_text("000000-sai\n")
    wrong_pin.chmod(0o600)
    config = office.settings_file("wrong-pin", {**profile, "pin_file": str(wrong_pin)})
    done = sohoa(office.data_dir, "doctor", SOHOA_CONFIG=str(config))
    assert done.returncode == EXIT_PROBLEM
    assert "000000-sai" not in done.stdout + done.stderr
    assert "PinIncorrect" in done.stdout
    assert "correct the PIN" in done.stdout


def test_a_refused_pin_is_not_offered_again_by_the_same_process(
    token_profile: SigningProfile, tmp_path: Path
) -> None:
    key = token_profile.key
    assert isinstance(key, Pkcs11Key)
    wrong_pin = tmp_path / "wrong.pin"
    wrong_pin.write_text("111111-sai\n")
    profile = {
        "pkcs11_module": str(key.module), "token_label": key.token_label,
        "key_label": key.key_label, "pin_file": str(wrong_pin),
        "certificate": str(key.certificate),
        "trust_roots": [str(path) for path in token_profile.trust_roots],
    }  # fmt: skip
    settings = load_settings(signing={"profiles": {"sai-pin": profile}})
    try:
        first, second = (only_finding(check_profile(settings, "sai-pin")) for _ in range(2))
    finally:
        forget_signers()
    assert first.code == second.code == "doctor.profile.pin_refused"
    assert "not offered again" not in first.message
    assert "not offered again" in second.message
    assert "111111-sai" not in first.message + second.message


def only_finding(found: list[Finding]) -> Finding:
    assert len(found) == 1, found
    return found[0]


def test_the_admins_page_shows_the_same_findings_in_vietnamese(
    office: Office, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = office.settings_file("untrusted-web", office.profile(office.good, office.foreign))
    monkeypatch.setenv("SOHOA_CONFIG", str(config))
    monkeypatch.setenv("SOHOA_WEB__PORT", "0")  # whatever else listens on 8750 meanwhile
    add_user(office.data_dir, "quan", "admin", SOHOA_CONFIG=str(config))
    with web_services(office.data_dir) as services, web_client(services) as client:
        log_in(client, "quan")
        home = client.get("/admin/users").text
        assert 'href="/admin/doctor"' in home
        page = client.get("/admin/doctor")
    assert page.status_code == 200
    text = re.sub(r"\s+", " ", page.text)
    assert "Có 1 sự cố" in text
    assert "Dữ liệu ngôn ngữ «vie» của Tesseract" in text
    assert "không được chứng thực bởi chứng thư gốc tin cậy" in text
    assert "signing.profiles.thu-phi.trust_roots" in text  # the fix
    assert str(office.good.signer_pkcs12) not in text  # never where a key is


def test_every_finding_has_vietnamese_and_every_problem_a_fix() -> None:
    source = "\n".join(path.read_text() for path in (REPO / "health_checks").glob("*.py"))
    codes = set(re.findall(r'"(doctor\.[a-z_]+\.[a-z_]+)"', source))
    assert len(codes) > 40
    assert sorted(codes - set(DOCTOR_WORDS)) == []
    problem_codes = set(re.findall(r'problem\(\s*"[^"]+",\s*"(doctor\.[a-z_.]+)"', source))
    assert len(problem_codes) > 20
    assert (
        sorted(f"{code}.fix" for code in problem_codes if f"{code}.fix" not in DOCTOR_WORDS) == []
    )


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def migrate_to(url: str, revision: str) -> None:
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(REPO / "store" / "migrations"))
    store = Store(url)
    try:
        with store.engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, revision)
    finally:
        store.dispose()


@contextmanager
def read_only(folder: Path) -> Iterator[None]:
    """`folder` read-only: a read-only bind mount as root (root writes through any mode),
    else the modes of every folder in it."""
    if os.geteuid() != 0:
        folders = [path for path in [folder, *folder.rglob("*")] if path.is_dir()]
        for path in folders:
            path.chmod(0o555)
        try:
            yield
        finally:
            for path in folders:
                path.chmod(0o750)
        return
    subprocess.run(["mount", "--bind", str(folder), str(folder)], check=True)
    try:
        subprocess.run(["mount", "-o", "remount,bind,ro", str(folder)], check=True)
        yield
    finally:
        subprocess.run(["umount", str(folder)], check=True)
