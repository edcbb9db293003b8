"""Every `sohoa` command in Vietnamese by default and in English on request, its exit codes as
the README's table gives them, and tables that never cut an identifier at 80 columns.

The command paths are read from the Typer app, so a command added later fails here until it
has a line in `CASES`: one real invocation in each language (with a word the English shows
and its Vietnamese) and one real failure with the exit code the README gives it. Every
subprocess runs on one office prepared once for the module, several at a time. Every help,
of each command and each group, also says what a value is in words of its language, never
as Python writes a type.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import unicodedata
from collections.abc import Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import astuple, dataclass, field
from datetime import datetime
from pathlib import Path

import pytest
import typer
from typer._click import core as click_core

from config.errors import ExitCode
from service.cli import app
from service.cli_framework import command_paths
from tests.support.office import TAGGED, USERS, YEAR, prepare
from tests.support.service import SOHOA, environment
from tests.support.signed_pdfs import make_unsigned_pdf
from tests.support.web import PASSWORD
from tests.test_web_clerk import PROFILE, SERIES_A, UNIT_A, small_scan

pytestmark = pytest.mark.slow

PROJECT = Path(__file__).resolve().parents[1]
README = (PROJECT / "README.md").read_text(encoding="utf-8")
PATHS = command_paths(app)
TREE = typer.main.get_command(app)
WORKERS = 4
WIDE = 200
"""Columns of the terminal the invocations print on, so that headings read whole; the
80-column one has a test of its own."""

LONG_CODE = "H15.50.05.13.1234.5678.9012.3456.78-261008-000123"
"""The longest dossier code the grammar allows in practice: a 35-character agency part (the
most `dossiers.codes` accepts) and a six-digit sequence."""
LONG_SERIES = f"99TH-{YEAR % 100:02d}T"
"""The longest series symbol the rule of `[receipts] series_symbol_pattern` allows."""
LONG_RECEIPT = f"{LONG_SERIES}-0000001"
ALSO_REGISTERED = "H57.132-261203-0003"
RENAMED_UNIT = "xa-phu-loc"


@dataclass(frozen=True)
class Case:
    """`run` once in each language ("{lang}", its capital "{initial}", "{folder}" and "{year}"
    filled in), exiting with `code` and showing `en` in English and `vi` in Vietnamese;
    `fails` a real failure exiting with `fails_with` (None: `run` itself is that failure)."""

    run: tuple[str, ...]
    en: str
    vi: str
    code: ExitCode = ExitCode.ok
    fails: tuple[str, ...] | None = None
    fails_with: ExitCode = ExitCode.invalid_config
    env: Mapping[str, str] = field(default_factory=dict)


BAD_SETTINGS = {"SOHOA_QUEUE": "nowhere"}
"""A real failure every command that reads the settings meets: exit 9."""

CASES: dict[tuple[str, ...], Case] = {
    ("ocr",): Case(
        ("ocr", "{folder}/scan.png", "-o", "{folder}/ocr-{lang}"),
        "pages",
        "số trang",
        fails=("ocr", "{folder}/no-such-scan.png", "-o", "{folder}/ocr-missing"),
        fails_with=ExitCode.file_access,
    ),
    ("run",): Case(("run", "--once"), "inbox done", "hộp thư đến", fails=("run", "--once")),
    ("search",): Case(
        ("search", "khai sinh"), "pages found", "Tìm thấy", fails=("search", "khai sinh")
    ),
    ("rates",): Case(
        ("rates", "--from", "{year}-01-01", "--to", "{year}-12-31"),
        "Digitization rates from",
        "Tỷ lệ số hóa từ ngày",
        fails=("rates", "--from", "{year}-01-01"),
    ),
    ("db", "upgrade"): Case(
        ("db", "upgrade"),
        "schema is up to date",
        "Cấu trúc cơ sở dữ liệu",
        fails=("db", "upgrade"),
    ),
    ("dossiers", "import"): Case(
        ("dossiers", "import", "{folder}/register.csv"),
        "dossiers added",
        "thêm",
        fails=("dossiers", "import", "{folder}/no-such-register.csv"),
        fails_with=ExitCode.file_access,
    ),
    ("dossiers", "show"): Case(
        ("dossiers", "show", TAGGED),
        "procedure:",
        "thủ tục:",
        fails=("dossiers", "show", "not-a-code"),
        fails_with=ExitCode.bad_args,
    ),
    ("dossiers", "components"): Case(
        ("dossiers", "components", "1.001612", "Tờ khai {lang}"),
        "components, rule",
        "thành phần, quy tắc",
        fails=("dossiers", "components", "1.001612", "X", "--rule", "some"),
    ),
    ("documents", "untagged"): Case(
        ("documents", "untagged"),
        "wait for a dossier code",
        "đang chờ gắn mã hồ sơ",
        fails=("documents", "untagged"),
    ),
    ("documents", "tag"): Case(
        ("documents", "tag", "999999", TAGGED),
        "999999",
        "999999",
        code=ExitCode.bad_args,
    ),
    ("documents", "reuse"): Case(
        ("documents", "reuse", "999999", "--dossier", TAGGED),
        "999999",
        "999999",
        code=ExitCode.bad_args,
    ),
    ("documents", "unreuse"): Case(
        ("documents", "unreuse", "999999", "--dossier", TAGGED, "--reason", "Nhầm"),
        "999999",
        "999999",
        code=ExitCode.bad_args,
    ),
    ("documents", "reuses"): Case(
        ("documents", "reuses", "--dossier", TAGGED),
        "reuses.",
        "lượt dùng lại",
        fails=("documents", "reuses", "--dossier", TAGGED),
    ),
    ("documents", "component"): Case(
        ("documents", "component", "999999", "Tờ khai"),
        "999999",
        "999999",
        code=ExitCode.bad_args,
    ),
    ("audit", "verify"): Case(
        ("audit", "verify"),
        "The audit trail is intact",
        "Nhật ký hệ thống toàn vẹn",
        fails=("audit", "verify"),
    ),
    ("audit", "checkpoint"): Case(
        ("audit", "checkpoint"),
        "entries up to entry",
        "mục, đến mục",
        fails=("audit", "checkpoint"),
    ),
    ("audit", "export"): Case(
        (
            "audit",
            "export",
            "--from",
            "{year}-01-01",
            "--to",
            "{year}-12-31",
            "-o",
            "{folder}/audit-{lang}.jsonl",
        ),
        "entries written to",
        "Đã ghi",
        fails=("audit", "export", "--from", "{year}-13-01", "--to", "{year}-12-31"),
    ),
    ("batches", "list"): Case(
        ("batches", "list"),
        "profile",
        "hồ sơ ký",
        fails=("batches", "list"),
    ),
    ("batches", "show"): Case(
        ("batches", "show", "999"),
        "There is no batch 999",
        "999",
        code=ExitCode.bad_args,
    ),
    ("batches", "make"): Case(
        ("batches", "make", "--profile", PROFILE, "999999"),
        "999999",
        "999999",
        code=ExitCode.bad_args,
    ),
    ("batches", "submit"): Case(
        ("batches", "submit", "999"),
        "There is no batch 999",
        "999",
        code=ExitCode.bad_args,
    ),
    ("batches", "approve"): Case(
        ("batches", "approve", "999"),
        "is not a officer",
        "không có vai trò",
        code=ExitCode.not_permitted,
    ),
    ("batches", "reject"): Case(
        ("batches", "reject", "999", "--reason", "thiếu trang"),
        "is not a officer",
        "không có vai trò",
        code=ExitCode.not_permitted,
    ),
    ("receipts", "issue"): Case(
        (
            "receipts",
            "issue",
            "--series",
            SERIES_A,
            "--payer",
            "Hà Văn Minh",
            "--item",
            "Lệ phí đăng ký khai sinh=8.000",
        ),
        "issued",
        "Đã lập biên lai",
        fails=(
            "receipts",
            "issue",
            "--series",
            "XX-99T",
            "--payer",
            "Hà Văn Minh",
            "--item",
            "Lệ phí=8.000",
        ),
        fails_with=ExitCode.bad_args,
    ),
    ("receipts", "replace"): Case(
        (
            "receipts",
            "replace",
            SERIES_A,
            "9999",
            "--reason",
            "sai tên",
            "--payer",
            "Hà Văn",
            "--item",
            "Lệ phí=8.000",
        ),
        "9999",
        "9999",
        code=ExitCode.bad_args,
    ),
    ("receipts", "cancel"): Case(
        ("receipts", "cancel", SERIES_A, "9999", "--reason", "sai tên"),
        "9999",
        "9999",
        code=ExitCode.bad_args,
    ),
    ("receipts", "list"): Case(
        ("receipts", "list"),
        "payer",
        "người nộp tiền",
        fails=("receipts", "list"),
    ),
    ("receipts", "show"): Case(
        ("receipts", "show", SERIES_A, "1"),
        "payment method",
        "hình thức thanh toán",
        fails=("receipts", "show", SERIES_A, "9999"),
        fails_with=ExitCode.bad_args,
    ),
    ("receipts", "report"): Case(
        ("receipts", "report", "--from", "{year}-01-01", "--to", "{year}-12-31"),
        "first number",
        "số đầu",
        fails=("receipts", "report", "--from", "{year}-01-01", "--to", "someday"),
    ),
    ("receipts", "daily"): Case(
        ("receipts", "daily", "--date", "01/01/{year}"),
        "no receipts",
        "không có biên lai nào",
        fails=("receipts", "daily", "--date", "someday"),
    ),
    ("receipts", "series", "add"): Case(
        (
            "receipts",
            "series",
            "add",
            "--form",
            "01BLP0-002",
            "--series",
            "B{initial}-{yy}T",
            "--organization",
            "UBND xã An Bình",
            "--tax-code",
            "0312345678",
            "--address",
            "Thôn Phú Lộc",
            "--profile",
            PROFILE,
            "--unit",
            UNIT_A,
        ),
        "added for",
        "Đã thêm ký hiệu biên lai",
        fails=(
            "receipts",
            "series",
            "add",
            "--form",
            "01BLP0-003",
            "--series",
            "BZ-{yy}T",
            "--organization",
            "UBND",
            "--tax-code",
            "0312345678",
            "--address",
            "Thôn",
            "--profile",
            "no-such-profile",
            "--unit",
            UNIT_A,
        ),
        fails_with=ExitCode.bad_args,
    ),
    ("receipts", "series", "list"): Case(
        ("receipts", "series", "list"),
        "year",
        "năm",
        fails=("receipts", "series", "list"),
    ),
    ("receipts", "fees", "import"): Case(
        ("receipts", "fees", "import", "{folder}/fees.csv"),
        "unchanged",
        "giữ nguyên",
        fails=("receipts", "fees", "import", "{folder}/no-such-fees.csv"),
        fails_with=ExitCode.file_access,
    ),
    ("receipts", "fees", "list"): Case(
        ("receipts", "fees", "list"),
        "fee kind",
        "loại",
        fails=("receipts", "fees", "list"),
    ),
    ("init",): Case(
        (
            "init",
            "--demo-keys",
            "--admin",
            "chu",
            "--password-env",
            "TEST_PASSWORD",
            "--unit",
            "xa-thu=Xã Thử",
        ),
        "Settings written to",
        "Đã ghi cấu hình vào",
        env={
            "SOHOA_CONFIG": "{folder}/trial-{lang}.toml",
            "SOHOA_DATA_DIR": "{folder}/trial-{lang}",
        },
        # Run again on the settings it wrote (failures run after the invocations): refused
        # without --force.
        fails=("init", "--demo-keys", "--password-env", "TEST_PASSWORD", "--unit", "x=X"),
        fails_with=ExitCode.bad_args,
    ),
    ("units", "add"): Case(
        ("units", "add", "xa-{lang}", "--name", "Xã thử {lang}"),
        "its inbox is",
        "hộp thư đến của đơn vị",
        fails=("units", "add", "not a code!", "--name", "Xã"),
        fails_with=ExitCode.bad_args,
    ),
    ("units", "list"): Case(
        ("units", "list"),
        "unit name",
        "tên đơn vị",
        fails=("units", "list"),
    ),
    ("units", "rename"): Case(
        ("units", "rename", RENAMED_UNIT, "--name", "Xã Phú Lộc ({lang})"),
        "renamed",
        "Đã đổi tên đơn vị",
        fails=("units", "rename", "no-such-unit", "--name", "Xã"),
        fails_with=ExitCode.bad_args,
    ),
    ("doctor",): Case(
        # The office's test key files are readable by all: a problem the doctor reports.
        ("doctor",),
        "Tesseract (OCR)",
        "Tesseract (nhận dạng chữ)",
        code=ExitCode.missing_dependency,
        fails=("doctor",),
    ),
    ("signing", "profiles"): Case(
        ("signing", "profiles"),
        "appearance",
        "không hiển thị",
        fails=("signing", "profiles"),
    ),
    ("signing", "ltv"): Case(
        ("signing", "ltv"),
        "Validation data added",
        "Đã bổ sung dữ liệu kiểm tra",
        fails=("signing", "ltv"),
    ),
    ("users", "add"): Case(
        ("users", "add", "user-{lang}", "--role", "auditor", "--password-env", "TEST_PASSWORD"),
        "added (auditor)",
        "Đã thêm người dùng",
        fails=(
            "users",
            "add",
            USERS["auditor"],
            "--role",
            "auditor",
            "--password-env",
            "TEST_PASSWORD",
        ),
        fails_with=ExitCode.bad_args,
    ),
    ("users", "passwd"): Case(
        ("users", "passwd", USERS["auditor"], "--password-env", "TEST_PASSWORD"),
        "changed",
        "Đã đổi mật khẩu",
        fails=("users", "passwd", "nobody", "--password-env", "TEST_PASSWORD"),
        fails_with=ExitCode.bad_args,
    ),
    ("users", "list"): Case(("users", "list"), "full name", "họ tên", fails=("users", "list")),
    ("users", "token"): Case(
        ("users", "token", USERS["auditor"], "--label", "kiểm tra {lang}"),
        "API token for",
        "Mã truy cập API của",
        fails=("users", "token", "nobody", "--label", "x"),
        fails_with=ExitCode.bad_args,
    ),
    ("sign",): Case(
        ("sign", "{folder}/to-sign.pdf", "-o", "{folder}/signed-{lang}", "--profile", PROFILE),
        "signed by",
        "Đã ký",
        fails=(
            "sign",
            "{folder}/to-sign.pdf",
            "-o",
            "{folder}/signed-none",
            "--profile",
            "no-such-profile",
        ),
    ),
    ("verify",): Case(("verify", "--all"), "files verified", "Đã xác minh", fails=("verify",)),
    ("worker",): Case(("worker",), "queue = 'celery'", "cần queue", code=ExitCode.invalid_config),
    ("status",): Case(("status",), "workers alive", "tiến trình đang hoạt động", fails=("status",)),
    ("check",): Case(("check",), "checked", "đã kiểm tra", fails=("check",)),
    ("jobs",): Case(("jobs",), "tries", "lần thử", fails=("jobs",)),
    ("login",): Case(
        ("login", USERS["admin"], "--password-env", "TEST_PASSWORD"),
        "Logged in as",
        "Đã đăng nhập",
        fails=("login", USERS["admin"], "--password-env", "WRONG_PASSWORD"),
        fails_with=ExitCode.not_permitted,
        env={"XDG_CONFIG_HOME": "{folder}/login-{lang}"},
    ),
    ("logout",): Case(
        ("logout",),
        "Not logged in.",
        "Chưa đăng nhập.",
        fails=("logout",),
        env={"XDG_CONFIG_HOME": "{folder}/logout-{lang}"},
    ),
    ("backup",): Case(
        ("backup", "{folder}/backup-{lang}"),
        "Backup snapshot",
        "Bản sao lưu",
        fails=("backup", "{folder}/backup-{lang}"),
    ),
    ("restore",): Case(
        ("restore", "{folder}/backup-en"),
        "Restored snapshot",
        "Đã khôi phục",
        fails=("restore", "{folder}/backup-none"),
        fails_with=ExitCode.input_file,
        env={"SOHOA_DATA_DIR": "{folder}/restored-{lang}"},
    ),
}


@dataclass(frozen=True)
class Said:
    code: int
    out: str
    err: str

    @property
    def text(self) -> str:
        return self.out + self.err


@dataclass(frozen=True)
class Office:
    folder: Path
    data_dir: Path


def fill(text: str, folder: Path, lang: str) -> str:
    values = {
        "folder": str(folder),
        "lang": lang,
        "initial": lang[0].upper(),
        "year": str(YEAR),
        "yy": f"{YEAR % 100:02d}",
    }
    return re.sub(r"\{(\w+)\}", lambda found: values.get(found[1], found[0]), text)


def sohoa_in(
    office: Office,
    lang: str,
    arguments: tuple[str, ...],
    extra: Mapping[str, str] | None = None,
    columns: int = 80,
) -> Said:
    """`sohoa` in Vietnamese ("vi": no language asked for at all), or in English through
    `--lang en` ("en") or the locale ("en-locale")."""
    env = language_environment(office, lang, extra, columns)
    done = subprocess.run(
        [str(SOHOA), *command_line(office, lang, arguments)],
        cwd=office.folder,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    return Said(done.returncode, done.stdout, done.stderr)


def parsed_in(
    office: Office, lang: str, lines: list[tuple[str, ...]], columns: int = 80
) -> list[Said]:
    """What `sohoa_in` says for each of `lines`, which all end while being parsed (a help, a
    usage error), from one process for them all (`tests/support/cli_batch.py`)."""
    env = language_environment(office, lang, None, columns)
    env["PYTHONPATH"] = str(PROJECT)
    done = subprocess.run(
        [sys.executable, "-m", "tests.support.cli_batch"],
        input=json.dumps([command_line(office, lang, line) for line in lines]),
        cwd=office.folder,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    return [Said(*answer) for answer in json.loads(done.stdout)]


def language_environment(
    office: Office, lang: str, extra: Mapping[str, str] | None, columns: int
) -> dict[str, str]:
    env = environment(office.data_dir)
    for name in ("SOHOA_LANG", "LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        env.pop(name, None)
    if lang == "en-locale":
        env["LANG"] = "en_US.UTF-8"
    chosen = "en" if lang.startswith("en") else "vi"
    env.update({name: fill(value, office.folder, chosen) for name, value in (extra or {}).items()})
    env.update(COLUMNS=str(columns), TEST_PASSWORD=PASSWORD, WRONG_PASSWORD="sai mật khẩu 2026")
    return env


def command_line(office: Office, lang: str, arguments: tuple[str, ...]) -> list[str]:
    chosen = "en" if lang.startswith("en") else "vi"
    filled = [fill(argument, office.folder, chosen) for argument in arguments]
    return ["--lang", "en", *filled] if lang == "en" else filled


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory) -> Office:
    """The browser tests' office (users, register, series, fees, a receipt), with the
    longest dossier code and receipt number, a scan to OCR and a PDF to sign."""
    folder = tmp_path_factory.mktemp("language")
    data_dir = prepare(folder)
    settings = folder / "sohoa.toml"
    settings.write_text(
        settings.read_text(encoding="utf-8") + f'[audit]\ncheckpoint_profile = "{PROFILE}"\n',
        encoding="utf-8",
    )
    header = (
        "code,procedure_code,procedure_name,field,unit,channel,received_at,due_at,"
        "resolved_at,result_required"
    )
    (folder / "register.csv").write_text(
        f"{header}\n"
        f"{LONG_CODE},1.001612,Đăng ký khai sinh,Hộ tịch,{UNIT_A},counter,"
        f"{YEAR}-10-08 08:30,,,yes\n"
        f"{ALSO_REGISTERED},1.001612,Đăng ký khai sinh,Hộ tịch,{UNIT_A},counter,"
        f"{YEAR}-12-03 08:30,,,yes\n",
        encoding="utf-8",
    )
    ready = Office(folder, data_dir)
    for arguments in (
        ("dossiers", "import", "{folder}/register.csv"),
        ("units", "add", RENAMED_UNIT, "--name", "Xã Phú Lộc"),
        ("receipts", "series", "add", "--form", "01BLP0-001", "--series", LONG_SERIES,
         "--organization", "UBND xã An Bình", "--tax-code", "0312345678", "--address",
         "Thôn Phú Lộc, xã An Bình", "--profile", PROFILE, "--unit", UNIT_A),
        ("receipts", "issue", "--series", LONG_SERIES, "--dossier", LONG_CODE, "--payer",
         "Nguyễn Thị Minh Khai", "--item", "Lệ phí đăng ký khai sinh=8.000"),
    ):  # fmt: skip
        done = sohoa_in(ready, "en", arguments)
        assert done.code == 0, done.err
    small_scan(folder / "scan.png", "Tờ khai đăng ký khai sinh")
    make_unsigned_pdf(folder / "to-sign.pdf", b"To khai")
    return ready


def in_parallel(jobs: Mapping[object, tuple[object, ...]]) -> dict[object, Said]:
    with ThreadPoolExecutor(WORKERS) as pool:
        futures = {name: pool.submit(sohoa_in, *job) for name, job in jobs.items()}
        return {name: future.result() for name, future in futures.items()}


@pytest.fixture(scope="module")
def helps(office: Office) -> dict[object, Said]:
    """The help of every command and every group, at a width where each row reads whole."""
    languages = ("vi", "en", "en-locale")
    lines = [(*path, "--help") for path in TREE_PATHS]
    with ThreadPoolExecutor(len(languages)) as pool:
        said = dict(
            zip(
                languages,
                pool.map(lambda lang: parsed_in(office, lang, lines, WIDE), languages),
                strict=True,
            )
        )
    return {
        (path, lang): answer
        for lang in languages
        for path, answer in zip(TREE_PATHS, said[lang], strict=True)
    }


@pytest.fixture(scope="module")
def invocations(office: Office) -> dict[object, Said]:
    """Each command's invocation in both languages; the restore after the backups."""
    cases = {path: CASES[path] for path in PATHS if path in CASES}
    said = in_parallel(
        {
            (path, lang): (office, lang, case.run, case.env, WIDE)
            for path, case in cases.items()
            for lang in ("vi", "en")
            if path != ("restore",)
        }
    )
    for lang in ("vi", "en"):
        if ("restore",) in cases:
            restore = cases[("restore",)]
            said[(("restore",), lang)] = sohoa_in(office, lang, restore.run, restore.env, WIDE)
    return said


@pytest.fixture(scope="module")
def failures(office: Office, invocations: dict[object, Said]) -> dict[object, Said]:
    jobs: dict[object, tuple[object, ...]] = {}
    cased = [path for path in PATHS if path in CASES]
    usage = parsed_in(office, "vi", [(*path, "--no-such-option") for path in cased])
    said: dict[object, Said] = {
        (path, "usage"): answer for path, answer in zip(cased, usage, strict=True)
    }
    for path in cased:
        case = CASES[path]
        if case.fails is not None:
            environment_of_failure = (
                {**case.env, **BAD_SETTINGS} if _settings_failure(case) else case.env
            )
            jobs[(path, "real")] = (office, "vi", case.fails, environment_of_failure)
    return {**said, **in_parallel(jobs)}


def _settings_failure(case: Case) -> bool:
    return case.fails == case.run and case.fails_with == ExitCode.invalid_config


def named(path: tuple[str, ...]) -> str:
    return " ".join(path)


def english_help(path: tuple[str, ...]) -> str:
    """The command's own help as written in the code (this process speaks English)."""
    command = typer.main.get_command(app)
    for name in path:
        command = command.commands[name]  # type: ignore[attr-defined]
    return " ".join((command.help or "").split())


def words(text: str) -> str:
    """The text with Rich's panel borders and line breaks folded into single spaces."""
    return " ".join(re.sub(r"[│╭╮╰╯─]", " ", text).split())


def has_diacritics(text: str) -> bool:
    return any(unicodedata.decomposition(letter) for letter in text if letter.isalpha())


@pytest.mark.parametrize("lang", ["vi", "en", "en-locale"])
def test_one_process_answers_help_and_usage_as_a_process_each_does(
    lang: str, office: Office, helps: dict[object, Said], failures: dict[object, Said]
) -> None:
    path = ("receipts", "issue")
    alone = sohoa_in(office, lang, (*path, "--help"), None, WIDE)
    assert (alone.code, alone.out, alone.err) == astuple(helps[(path, lang)])
    if lang == "vi":
        alone = sohoa_in(office, lang, (*path, "--no-such-option"))
        assert (alone.code, alone.out, alone.err) == astuple(failures[(path, "usage")])


def test_every_command_has_a_case() -> None:
    assert ("receipts", "issue") in PATHS
    missing = [named(path) for path in PATHS if path not in CASES]
    assert missing == [], "add an invocation to CASES for these commands"


@pytest.mark.parametrize("path", PATHS, ids=named)
def test_help_is_vietnamese_by_default_and_english_on_request(
    path: tuple[str, ...], helps: dict[object, Said]
) -> None:
    own = english_help(path)
    vietnamese = helps[(path, "vi")]
    assert vietnamese.code == 0, vietnamese.err
    shown = words(vietnamese.out)
    assert "Cách dùng:" in shown and "Hiện hướng dẫn này rồi thoát." in shown
    for english in ("Usage:", "Options", "Arguments", "Show this message", "[default:",
                    "[required]", own[:40]):  # fmt: skip
        assert english not in shown, f"{named(path)}: {english!r} left in English"
    assert has_diacritics(shown.split("Cách dùng:", 1)[1]), shown
    for lang in ("en", "en-locale"):
        english_said = helps[(path, lang)]
        assert english_said.code == 0, english_said.err
        shown = words(english_said.out)
        assert "Usage:" in shown and "Show this message and exit." in shown, shown
        assert own[:40] in shown and "Cách dùng" not in shown


@pytest.mark.parametrize("path", PATHS, ids=named)
def test_one_real_invocation_in_each_language(
    path: tuple[str, ...], invocations: dict[object, Said]
) -> None:
    case = CASES.get(path)
    if case is None:
        pytest.fail(f"{named(path)} has no case in CASES")
    vietnamese, english = invocations[(path, "vi")], invocations[(path, "en")]
    assert vietnamese.code == int(case.code), vietnamese.text
    assert english.code == int(case.code), english.text
    assert case.vi in vietnamese.text and has_diacritics(vietnamese.text), vietnamese.text
    assert case.en in english.text, english.text
    for leftover in ("Usage:", "error:", "Error:"):
        assert leftover not in vietnamese.text, vietnamese.text


def readme_exit_codes() -> dict[int, str]:
    section = README.split("## Exit codes of `sohoa`", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| (\d+) \| (.+) \|$", section, re.MULTILINE)
    return {int(code): meaning for code, meaning in rows}


def test_the_readme_lists_every_exit_code() -> None:
    listed = readme_exit_codes()
    assert set(listed) == {int(code) for code in ExitCode}
    assert "command line was wrong" in listed[ExitCode.bad_args]


@pytest.mark.parametrize("path", PATHS, ids=named)
def test_exit_codes_as_the_readme_says(
    path: tuple[str, ...], failures: dict[object, Said], invocations: dict[object, Said]
) -> None:
    case = CASES.get(path)
    if case is None:
        pytest.fail(f"{named(path)} has no case in CASES")
    listed = readme_exit_codes()
    usage = failures[(path, "usage")]
    assert usage.code == ExitCode.bad_args == 1, usage.text
    assert "Không có tùy chọn --no-such-option." in usage.err, usage.err
    real = failures.get((path, "real")) or invocations[(path, "vi")]
    expected = case.fails_with if case.fails is not None else case.code
    assert expected != ExitCode.ok and int(expected) in listed
    assert real.code == int(expected), real.text
    assert "lỗi:" in real.err or real.code in (ExitCode.invalid_output,), real.text


@pytest.mark.parametrize(
    ("arguments", "identifiers"),
    [
        (("receipts", "list"), (LONG_RECEIPT, LONG_CODE)),
        (("receipts", "series", "list"), (LONG_SERIES,)),
        (("receipts", "report", "--from", "{year}-01-01", "--to", "{year}-12-31"), (LONG_SERIES,)),
        (("receipts", "show", LONG_SERIES, "1"), (LONG_RECEIPT, LONG_CODE)),
        (("dossiers", "show", LONG_CODE), (LONG_CODE,)),
    ],
    ids=["receipts list", "series list", "receipts report", "receipts show", "dossiers show"],
)
def test_no_table_cuts_a_dossier_code_or_receipt_number_at_80_columns(
    arguments: tuple[str, ...], identifiers: tuple[str, ...], office: Office
) -> None:
    for lang in ("vi", "en"):
        said = sohoa_in(office, lang, arguments, columns=80)
        assert said.code == 0, said.err
        lines = said.out.splitlines()
        for identifier in identifiers:
            assert any(identifier in line for line in lines), f"{identifier} cut in\n{said.out}"
        assert "…" not in said.out


LISTINGS = [
    ("receipts", "list"),
    ("receipts", "show", LONG_SERIES, "1"),
    ("receipts", "report", "--from", "{year}-01-01", "--to", "{year}-12-31"),
    ("receipts", "series", "list"),
    ("batches", "list"),
    ("dossiers", "show", LONG_CODE),
    ("documents", "untagged"),
    ("users", "list"),
    ("signing", "profiles"),
    ("search", "khai sinh"),
    ("status",),
    ("audit", "verify"),
    ("rates", "--from", "{year}-01-01", "--to", "{year}-12-31"),
]


def test_every_listing_answers_json_the_same_in_both_languages(office: Office) -> None:
    said = in_parallel(
        {
            (listing, lang): (office, lang, (*listing, "--json"))
            for listing in LISTINGS
            for lang in ("vi", "en")
        }
    )
    for listing in LISTINGS:
        vietnamese, english = said[(listing, "vi")], said[(listing, "en")]
        assert vietnamese.code == english.code == 0, vietnamese.err + english.err
        answer = json.loads(vietnamese.out)
        assert answer == json.loads(english.out), named(listing)
        empty_here = (("batches", "list"), ("documents", "untagged"), ("search", "khai sinh"))
        assert answer or listing in empty_here, listing  # nothing digitized in this record
    issued = json.loads(said[(("receipts", "list"), "en")].out)
    assert {row["receipt"] for row in issued} >= {LONG_RECEIPT, f"{SERIES_A}-0000001"}
    first = next(row for row in issued if row["receipt"] == LONG_RECEIPT)
    assert first["total"] == 8000 and first["dossier"] == LONG_CODE
    assert datetime.fromisoformat(first["issued_at"]).tzinfo is not None


# What a value is, in help: words of the chosen language, never a Python type.
LANGUAGES = ("vi", "en")
TYPE_WORDS = {
    "vi": {"chữ", "số", "đường dẫn", "tệp", "thư mục", "ngày", "giá trị"},
    "en": {"text", "number", "path", "file", "folder", "date", "value"},
}
USAGE = {"vi": "Cách dùng: sohoa", "en": "Usage: sohoa"}
OPTIONS = {"vi": "[TÙY CHỌN]", "en": "[OPTIONS]"}
SUBCOMMAND = {"vi": "LỆNH [THAM SỐ]...", "en": "COMMAND [ARGS]..."}
PYTHON_TYPES = ("list[", "Path]", "<str>", "<int>", "<float>", "<bool>", "<Path>", "<datetime>")


def every_path(
    command: click_core.Command, prefix: tuple[str, ...] = ()
) -> Iterator[tuple[str, ...]]:
    yield prefix
    for name, child in getattr(command, "commands", {}).items():
        yield from every_path(child, (*prefix, name))


TREE_PATHS = list(every_path(TREE))


def command_at(path: tuple[str, ...]) -> click_core.Command:
    command = TREE
    for name in path:
        command = command.commands[name]  # type: ignore[attr-defined]
    return command


def is_group(path: tuple[str, ...]) -> bool:
    return hasattr(command_at(path), "commands")


def test_the_tree_has_groups_commands_and_arguments_of_every_kind() -> None:
    assert () in TREE_PATHS and ("receipts", "series") in TREE_PATHS and ("verify",) in TREE_PATHS
    kinds = {argument.name for argument in command_at(("verify",)).params}
    assert "files" in kinds  # a list of paths: the type that showed as list[Path]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_help_shows_a_python_type(lang: str, helps: dict[object, Said]) -> None:
    leaks = {
        named(path): [name for name in PYTHON_TYPES if name in helps[(path, lang)].out]
        for path in TREE_PATHS
    }
    assert {path: found for path, found in leaks.items() if found} == {}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_argument_says_its_type_in_words(lang: str, helps: dict[object, Said]) -> None:
    checked = 0
    for path in TREE_PATHS:
        for argument in command_at(path).params:
            if argument.param_type_name != "argument":
                continue
            row = next(
                line
                for line in helps[(path, lang)].out.splitlines()
                if re.match(rf"│\s+(\*\s+)?{re.escape(argument.name or '')}(\.\.\.)?\s", line)
            )
            shown = re.search(r"<(?P<word>[^<>]+)>", row)
            assert shown is not None, f"{named(path)}: {row}"
            assert shown["word"] in TYPE_WORDS[lang], f"{named(path)}: {row}"
            checked += 1
    assert checked >= 20


def test_an_argument_and_an_option_of_one_type_share_their_word(
    helps: dict[object, Said],
) -> None:
    for lang, word in (("vi", "<đường dẫn>"), ("en", "<path>")):
        rows = [line for line in helps[(("verify",), lang)].out.splitlines() if word in line]
        assert any("files..." in row for row in rows) and any("--trust" in row for row in rows)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_usage_line_is_in_the_chosen_language(lang: str, helps: dict[object, Said]) -> None:
    other = "en" if lang == "vi" else "vi"
    for path in TREE_PATHS:
        usage = next(
            line.strip() for line in helps[(path, lang)].out.splitlines() if USAGE[lang] in line
        )
        expected = " ".join((USAGE[lang], *path, OPTIONS[lang]))
        assert usage.startswith(expected), usage
        if is_group(path):
            assert usage == f"{expected} {SUBCOMMAND[lang]}"
        assert OPTIONS[other] not in usage and SUBCOMMAND[other] not in usage, usage


@pytest.mark.parametrize(
    ("lang", "usage"),
    [
        ("vi", "Cách dùng: sohoa receipts series [TÙY CHỌN] LỆNH [THAM SỐ]..."),
        ("en", "Usage: sohoa receipts series [OPTIONS] COMMAND [ARGS]..."),
    ],
)
def test_a_wrong_command_line_is_shown_its_usage_in_the_chosen_language(
    office: Office, lang: str, usage: str
) -> None:
    said = sohoa_in(office, lang, ("receipts", "series", "--no-such-option"), None, WIDE)
    assert said.code == 1
    assert usage in said.err, said.err
