"""`sohoa init` on a fresh folder, with each of its three key sources, from options and at a
terminal; then the profile it wrote signs a PDF that poppler's pdfsig finds valid and trusted.

Every run is a real `sohoa` process: the settings loader, SQLite (PostgreSQL in one test),
argon2, a real PKCS#12 file, a real SoftHSM2 token. The secrets typed or passed never appear
in what the command printed.
"""

from __future__ import annotations

import json
import stat
import subprocess
import tomllib
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from tests.support.databases import postgres_database_of_its_own
from tests.support.nss import make_nss_database, pdfsig
from tests.support.office_keys import KEY_LABEL, TOKEN_LABEL, TOKEN_PIN, SoftToken, make_soft_token
from tests.support.pki import ThrowawayPki, make_test_pki
from tests.support.service import SOHOA, environment, sohoa
from tests.support.signed_pdfs import make_unsigned_pdf
from tests.support.terminal import Terminal

pytestmark = pytest.mark.slow

ADMIN_PASSWORD = "Một câu dài để thử đăng nhập 2026"
UNIT = "ubnd-xa-an-binh=UBND xã An Bình"
DEMO_NOTICE = "CHỈ DÙNG THỬ — KHÔNG CÓ GIÁ TRỊ PHÁP LÝ"
KEY_NOT_OPENED = 5  # the README's exit codes: an input could not be read


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> ThrowawayPki:
    return make_test_pki(tmp_path_factory.mktemp("office-ca"), passphrase="mật-khẩu-tệp-khóa-9")


@pytest.fixture(scope="module")
def pki_nss(tmp_path_factory: pytest.TempPathFactory, pki: ThrowawayPki) -> str:
    return make_nss_database(tmp_path_factory.mktemp("nss"), pki.root_cert)


@pytest.fixture(scope="module")
def token(tmp_path_factory: pytest.TempPathFactory, pki: ThrowawayPki) -> SoftToken:
    return make_soft_token(tmp_path_factory.mktemp("softhsm"), pki)


@pytest.fixture(scope="module")
def unsigned(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_unsigned_pdf(tmp_path_factory.mktemp("pdf") / "giay-bien-nhan.pdf", b"Bien nhan")


def init(office: Path, *arguments: str, **env: str) -> subprocess.CompletedProcess[str]:
    """`sohoa init` in `office` (its sohoa.toml is written there), not on a terminal."""
    return sohoa(office / "var", "init", *arguments, ADMIN_PASSWORD=ADMIN_PASSWORD, **env)


def settings_of(office: Path) -> dict[str, object]:
    return tomllib.loads((office / "sohoa.toml").read_text(encoding="utf-8"))


def profile_of(office: Path, approver: str = "admin") -> dict[str, object]:
    signing = settings_of(office)["signing"]
    assert isinstance(signing, dict)
    assert signing["intake"] == signing["result"] == "co-quan"
    profile = signing["profiles"]["co-quan"]
    assert isinstance(profile, dict)
    assert profile["approvers"] == [approver]
    return profile


def signs_valid(office: Path, unsigned: Path, nss: str, **env: str) -> str:
    """Sign with the profile written, as an operator would; what pdfsig says of the result."""
    signed = sohoa(
        office / "var", "sign", str(unsigned), "-o", str(office / "signed"),
        "--profile", "co-quan", **env,
    )  # fmt: skip
    assert signed.returncode == 0, signed.stderr
    said = pdfsig(office / "signed" / unsigned.name, nss).stdout
    assert "Signature is Valid." in said
    assert "Certificate is Trusted." in said
    return said


def private(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def assert_secrets_private(office: Path) -> None:
    secrets = office / "var" / "secrets"
    assert private(secrets) == private(secrets / "co-quan") == 0o700
    for file in (secrets / "co-quan").iterdir():
        assert private(file) == 0o600, file


def test_demo_keys_with_options_make_an_office_whose_outputs_verify(
    tmp_path: Path, unsigned: Path
) -> None:
    done = init(tmp_path, "--demo-keys", "--unit", UNIT, "--password-env", "ADMIN_PASSWORD")

    assert done.returncode == 0, done.stderr
    assert "First admin admin added." in done.stdout
    assert f"Database: SQLite, {tmp_path / 'var' / 'sohoa.db'}" in done.stdout
    assert "1. Start the service" in done.stdout and "3. Log in as admin" in done.stdout
    profile = profile_of(tmp_path)
    assert "timestamp_url" not in profile
    (root,) = profile["trust_roots"]  # type: ignore[misc]
    assert Path(root).is_relative_to(tmp_path / "var")
    assert_secrets_private(tmp_path)
    said = signs_valid(tmp_path, unsigned, make_nss_database(tmp_path / "nss", Path(root)))
    assert f"Common Name: {DEMO_NOTICE}" in said
    verified = sohoa(tmp_path / "var", "verify", str(tmp_path / "signed" / unsigned.name))
    assert verified.returncode == 0, verified.stdout + verified.stderr
    users = sohoa(tmp_path / "var", "users", "list")
    assert "admin" in users.stdout and "officer" in users.stdout
    units = sohoa(tmp_path / "var", "units", "list", "--json")
    assert '"UBND xã An Bình"' in units.stdout
    assert (tmp_path / "var" / "inbox" / "ubnd-xa-an-binh" / "intake").is_dir()
    assert ADMIN_PASSWORD not in done.stdout + done.stderr


def test_setting_up_again_is_refused_without_force_and_keeps_a_copy_with_it(
    tmp_path: Path,
) -> None:
    first = init(tmp_path, "--demo-keys", "--unit", UNIT, "--password-env", "ADMIN_PASSWORD")
    assert first.returncode == 0, first.stderr
    written = (tmp_path / "sohoa.toml").read_text(encoding="utf-8")

    again = init(tmp_path, "--demo-keys", "--unit", UNIT, "--password-env", "ADMIN_PASSWORD")
    assert again.returncode == 1
    assert "sohoa.toml exists already" in again.stderr and "--force" in again.stderr
    assert (tmp_path / "sohoa.toml").read_text(encoding="utf-8") == written

    forced = init(
        tmp_path, "--demo-keys", "--unit", "phuong-1=Phường 1", "--password-env",
        "ADMIN_PASSWORD", "--force",
    )  # fmt: skip
    assert forced.returncode == 0, forced.stderr
    (backup,) = tmp_path.glob("sohoa.toml.*.bak")
    assert backup.read_text(encoding="utf-8") == written
    (kept,) = (tmp_path / "var" / "secrets").glob("co-quan.*.replaced")
    assert (kept / "demo-root.pem").read_bytes() != (
        tmp_path / "var" / "secrets" / "co-quan" / "demo-root.pem"
    ).read_bytes()
    assert "Admin admin kept." in forced.stdout
    units = sohoa(tmp_path / "var", "units", "list", "--json").stdout
    assert "ubnd-xa-an-binh" in units and "phuong-1" in units


def test_demo_keys_on_postgresql_make_an_office_whose_record_is_there(tmp_path: Path) -> None:
    with postgres_database_of_its_own() as url:
        password = str(make_url(url).password)
        done = init(
            tmp_path, "--demo-keys", "--unit", UNIT, "--password-env", "ADMIN_PASSWORD",
            SOHOA_DATABASE_URL=url,
        )  # fmt: skip

        assert done.returncode == 0, done.stderr
        assert password not in done.stdout + done.stderr
        shown = make_url(url).render_as_string(hide_password=True)
        assert f"Database: {shown}, from SOHOA_DATABASE_URL" in done.stdout
        assert password not in (tmp_path / "sohoa.toml").read_text(encoding="utf-8")
        assert "database_url" not in settings_of(tmp_path)  # the URL stays in the environment
        doctor = sohoa(tmp_path / "var", "doctor", "--json", SOHOA_DATABASE_URL=url)
        assert password not in doctor.stdout + doctor.stderr
        found = {item["check"]: item for item in json.loads(doctor.stdout)["findings"]}
        reached = found["database"]
        assert (reached["status"], reached["code"]) == ("ok", "doctor.database.reachable")
        assert str(reached["params"]["url"]).startswith("postgresql+psycopg://sohoa_office_")
        schema = found["database.schema"]
        assert (schema["status"], schema["code"]) == ("ok", "doctor.database.current")
        users = sohoa(tmp_path / "var", "users", "list", "--json", SOHOA_DATABASE_URL=url)
        assert users.returncode == 0, users.stderr
        (admin,) = json.loads(users.stdout)
        assert admin["name"] == "admin" and set(admin["roles"]) == {"admin", "officer"}
        units = sohoa(tmp_path / "var", "units", "list", "--json", SOHOA_DATABASE_URL=url)
        assert json.loads(units.stdout) == [{"code": "ubnd-xa-an-binh", "name": "UBND xã An Bình"}]
        assert (tmp_path / "var" / "inbox" / "ubnd-xa-an-binh" / "intake").is_dir()
        assert list((tmp_path / "var").glob("*.db")) == []
        engine = create_engine(url)
        try:
            with engine.connect() as database:
                tables = set(database.scalars(text("SELECT tablename FROM pg_tables")))
                named = database.execute(text("SELECT code, name FROM units")).all()
                admins = database.scalars(text("SELECT name FROM users")).all()
        finally:
            engine.dispose()
        assert {"alembic_version", "users", "units", "audit_entries"} <= tables
        assert named == [("ubnd-xa-an-binh", "UBND xã An Bình")] and admins == ["admin"]


def test_a_pkcs12_file_with_its_passphrase_in_a_variable(
    tmp_path: Path, pki: ThrowawayPki, pki_nss: str, unsigned: Path
) -> None:
    done = init(
        tmp_path, "--pkcs12", str(pki.signer_pkcs12), "--passphrase-env", "P12_PASS",
        "--unit", UNIT, "--password-env", "ADMIN_PASSWORD", P12_PASS=pki.passphrase,
    )  # fmt: skip

    assert done.returncode == 0, done.stderr
    assert pki.signer_name in done.stdout
    profile = profile_of(tmp_path)
    assert profile["passphrase_env"] == "P12_PASS" and "passphrase_file" not in profile
    key = Path(str(profile["pkcs12"]))
    assert key.read_bytes() == pki.signer_pkcs12.read_bytes() and key.parent.name == "co-quan"
    (chain,), (root,) = profile["chain"], profile["trust_roots"]  # type: ignore[misc]
    assert Path(chain).read_bytes() == pki.intermediate_cert.read_bytes()
    assert Path(root).read_bytes() == pki.root_cert.read_bytes()
    assert_secrets_private(tmp_path)
    assert pki.passphrase not in (tmp_path / "sohoa.toml").read_text(encoding="utf-8")
    signs_valid(tmp_path, unsigned, pki_nss, P12_PASS=pki.passphrase)


def test_a_wrong_passphrase_is_said_without_the_passphrase_and_nothing_is_written(
    tmp_path: Path, pki: ThrowawayPki
) -> None:
    wrong = "sai-mật-khẩu-4711"
    done = init(
        tmp_path, "--pkcs12", str(pki.signer_pkcs12), "--passphrase-env", "P12_PASS",
        "--unit", UNIT, "--password-env", "ADMIN_PASSWORD", P12_PASS=wrong,
    )  # fmt: skip

    assert done.returncode != 0
    assert f"The passphrase does not open the PKCS#12 file {pki.signer_pkcs12}" in done.stderr
    assert wrong not in done.stdout + done.stderr
    assert not (tmp_path / "sohoa.toml").exists()


def test_a_key_on_a_token_with_options(
    tmp_path: Path, pki: ThrowawayPki, pki_nss: str, token: SoftToken, unsigned: Path
) -> None:
    done = init(
        tmp_path, "--pkcs11-module", str(token.module), "--token-label", TOKEN_LABEL,
        "--key-label", KEY_LABEL, "--pin-env", "TOKEN_PIN", "--chain", str(pki.intermediate_cert),
        "--trust-root", str(pki.root_cert), "--unit", UNIT, "--password-env", "ADMIN_PASSWORD",
        TOKEN_PIN=TOKEN_PIN, SOFTHSM2_CONF=str(token.conf),
    )  # fmt: skip

    assert done.returncode == 0, done.stderr
    profile = profile_of(tmp_path)
    assert (profile["token_label"], profile["key_label"]) == (TOKEN_LABEL, KEY_LABEL)
    assert profile["pin_env"] == "TOKEN_PIN"
    assert Path(str(profile["certificate"])).read_bytes().startswith(b"-----BEGIN CERTIFICATE")
    assert_secrets_private(tmp_path)
    signs_valid(tmp_path, unsigned, pki_nss, TOKEN_PIN=TOKEN_PIN, SOFTHSM2_CONF=str(token.conf))


def test_a_wrong_pin_is_said_without_the_pin(tmp_path: Path, token: SoftToken) -> None:
    wrong = "975310"
    done = init(
        tmp_path, "--pkcs11-module", str(token.module), "--token-label", TOKEN_LABEL,
        "--key-label", KEY_LABEL, "--pin-env", "TOKEN_PIN", "--unit", UNIT,
        "--password-env", "ADMIN_PASSWORD", TOKEN_PIN=wrong, SOFTHSM2_CONF=str(token.conf),
    )  # fmt: skip

    assert done.returncode != 0
    assert f"The PIN of token '{TOKEN_LABEL}' is wrong." in done.stderr
    assert wrong not in done.stdout + done.stderr
    assert not (tmp_path / "sohoa.toml").exists()


def test_without_a_terminal_a_missing_answer_names_its_option(tmp_path: Path) -> None:
    no_password = init(tmp_path, "--demo-keys", "--unit", UNIT)
    assert no_password.returncode == 1
    assert "Give --password-env" in no_password.stderr

    no_key = init(tmp_path, "--unit", UNIT, "--password-env", "ADMIN_PASSWORD")
    assert no_key.returncode == 1
    assert "--pkcs12 FILE | --pkcs11-module LIB | --demo-keys" in no_key.stderr

    vietnamese = init(tmp_path, "--demo-keys", "--password-env", "ADMIN_PASSWORD", SOHOA_LANG="vi")
    assert vietnamese.returncode == 1
    assert "Hãy cho --unit MÃ=TÊN" not in vietnamese.stderr  # the option is named as typed
    assert "Hãy cho --unit CODE=NAME" in vietnamese.stderr
    assert not (tmp_path / "sohoa.toml").exists()


def assert_nothing_written(office: Path) -> None:
    """No settings, and the data directory (made empty for the terminal) still empty: no
    secrets folder, no key copied, no database."""
    assert not (office / "sohoa.toml").exists()
    assert list((office / "var").iterdir()) == []


def at_terminal(office: Path, *arguments: str, **env: str) -> Terminal:
    (office / "var").mkdir(exist_ok=True)
    return Terminal(
        [str(SOHOA), "init", *arguments],
        cwd=office,
        env={**environment(office / "var"), "SOHOA_LANG": "vi", **env},
    )


def answer_admin_and_unit(terminal: Terminal) -> None:
    terminal.answer("", after="Tên đăng nhập của quản trị viên đầu tiên [admin]:")
    terminal.answer(ADMIN_PASSWORD, after="Mật khẩu của admin:")
    terminal.answer(ADMIN_PASSWORD, after="Nhập lại để xác nhận:")
    terminal.answer("ubnd-xa-an-binh", after="Mã đơn vị, ví dụ ubnd-xa-an-binh:")
    terminal.answer("UBND xã An Bình", after="Tên của đơn vị ubnd-xa-an-binh:")
    terminal.answer("", after="Mã đơn vị (để trống khi đã xong):")


def test_demo_keys_at_a_terminal_in_vietnamese(tmp_path: Path, unsigned: Path) -> None:
    terminal = at_terminal(tmp_path)
    terminal.answer("quan-tri", after="Tên đăng nhập của quản trị viên đầu tiên [admin]:")
    terminal.answer("ngan-qua", after="Mật khẩu của quan-tri:")
    terminal.answer("ngan-qua", after="Nhập lại để xác nhận:")
    terminal.expect("Mật khẩu cần ít nhất 12 ký tự.")  # asked again, the rule said
    terminal.answer(ADMIN_PASSWORD, after="Mật khẩu của quan-tri:")
    terminal.answer(ADMIN_PASSWORD, after="Nhập lại để xác nhận:")
    terminal.answer("xã-an-bình", after="Mã đơn vị, ví dụ ubnd-xa-an-binh:")
    terminal.expect("không dùng được làm mã đơn vị")
    terminal.answer("ubnd-xa-an-binh", after="Mã đơn vị, ví dụ ubnd-xa-an-binh:")
    terminal.answer("UBND xã An Bình", after="Tên của đơn vị ubnd-xa-an-binh:")
    terminal.answer("", after="Mã đơn vị (để trống khi đã xong):")
    terminal.expect("3. khóa dùng thử")
    terminal.answer("3", after="Khóa ký số:")
    code = terminal.finish()

    assert code == 0, terminal.transcript
    assert "Đã tạo quản trị viên đầu tiên quan-tri." in terminal.transcript
    assert "Việc tiếp theo:" in terminal.transcript
    assert ADMIN_PASSWORD not in terminal.transcript and "ngan-qua" not in terminal.transcript
    (root,) = profile_of(tmp_path, approver="quan-tri")["trust_roots"]  # type: ignore[misc]
    signs_valid(tmp_path, unsigned, make_nss_database(tmp_path / "nss", Path(root)))


def test_a_pkcs12_file_at_a_terminal_keeps_the_passphrase_in_a_secret_file(
    tmp_path: Path, pki: ThrowawayPki, pki_nss: str, unsigned: Path
) -> None:
    terminal = at_terminal(tmp_path)
    answer_admin_and_unit(terminal)
    terminal.answer("1", after="Khóa ký số:")
    terminal.answer(str(pki.signer_pkcs12), after="Tệp PKCS#12 (.p12 hoặc .pfx):")
    terminal.answer(pki.passphrase, after="Mật khẩu của tệp PKCS#12:")
    code = terminal.finish()

    assert code == 0, terminal.transcript
    assert pki.passphrase not in terminal.transcript
    profile = profile_of(tmp_path)
    secret = Path(str(profile["passphrase_file"]))
    assert secret.read_text(encoding="utf-8") == pki.passphrase and private(secret) == 0o600
    signs_valid(tmp_path, unsigned, pki_nss)


def test_a_wrong_passphrase_at_a_terminal_is_said_without_it(
    tmp_path: Path, pki: ThrowawayPki
) -> None:
    wrong = "đoán-bừa-31415"
    terminal = at_terminal(tmp_path, "--pkcs12", str(pki.signer_pkcs12), "--unit", UNIT)
    terminal.answer("", after="[admin]:")
    terminal.answer(ADMIN_PASSWORD, after="Mật khẩu của admin:")
    terminal.answer(ADMIN_PASSWORD, after="Nhập lại để xác nhận:")
    terminal.answer(wrong, after="Mật khẩu của tệp PKCS#12:")
    code = terminal.finish()

    assert code == KEY_NOT_OPENED, terminal.transcript
    assert "Mật khẩu không mở được tệp PKCS#12" in terminal.transcript
    assert wrong not in terminal.transcript
    assert_nothing_written(tmp_path)


def at_terminal_choosing_the_token(tmp_path: Path, token: SoftToken) -> Terminal:
    """Init at a terminal, answered up to the token's PIN: the token source, its library and
    the first token it lists."""
    terminal = at_terminal(tmp_path, SOFTHSM2_CONF=str(token.conf))
    answer_admin_and_unit(terminal)
    terminal.answer("2", after="Khóa ký số:")
    terminal.answer(str(token.module), after="Thư viện PKCS#11 của thiết bị ký hoặc HSM:")
    terminal.expect(f"1. {TOKEN_LABEL}")
    terminal.answer("1", after="Thiết bị ký:")
    return terminal


def test_a_token_at_a_terminal_offers_its_tokens_and_keys(
    tmp_path: Path, pki: ThrowawayPki, pki_nss: str, token: SoftToken, unsigned: Path
) -> None:
    terminal = at_terminal_choosing_the_token(tmp_path, token)
    terminal.answer(TOKEN_PIN, after=f"Mã PIN của thiết bị ký {TOKEN_LABEL}:")
    terminal.expect(f"1. {KEY_LABEL}")
    terminal.answer("1", after="Khóa ký số:")
    terminal.answer(str(pki.root_cert), after="gốc tin cậy), PEM hoặc DER:")
    terminal.answer(str(pki.intermediate_cert), after="(để trống nếu không có):")
    terminal.answer("", after="(để trống nếu không có):")
    code = terminal.finish()

    assert code == 0, terminal.transcript
    assert TOKEN_PIN not in terminal.transcript
    profile = profile_of(tmp_path)
    assert Path(str(profile["pin_file"])).read_text(encoding="utf-8") == TOKEN_PIN
    (chain,) = profile["chain"]  # type: ignore[misc]
    assert Path(chain).read_bytes() == pki.intermediate_cert.read_bytes()
    signs_valid(tmp_path, unsigned, pki_nss, SOFTHSM2_CONF=str(token.conf))


def test_a_wrong_pin_at_a_terminal_is_said_without_it_and_nothing_is_written(
    tmp_path: Path, token: SoftToken
) -> None:
    wrong = "246800"
    terminal = at_terminal_choosing_the_token(tmp_path, token)
    terminal.answer(wrong, after=f"Mã PIN của thiết bị ký {TOKEN_LABEL}:")
    code = terminal.finish()

    assert code == KEY_NOT_OPENED, terminal.transcript
    assert f"Mã PIN của thiết bị ký «{TOKEN_LABEL}» không đúng." in terminal.transcript
    assert wrong not in terminal.transcript
    assert terminal.transcript.count(f"Mã PIN của thiết bị ký {TOKEN_LABEL}:") == 1  # not again
    assert_nothing_written(tmp_path)
