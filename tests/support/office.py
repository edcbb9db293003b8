"""An office on a real `sohoa run` for the browser tests: a person of each role, a register,
a receipt issued, three scans taken by the intake with real OCR (one named by its dossier
code, one with no code, one damaged), the day's intake batch sent for approval, and the
tagged scan reused for the second registered dossier.

`open_office(folder)` yields it; `signed_in(browser, office)` a browser context for each
role, its person logged in (axe-core in each page it opens), and one for a guest.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Browser, BrowserContext, expect

from accounts.users import UserSpec, add_user, parse_roles
from config import load_settings
from store.record import open_record
from tests.support.axe import install_axe
from tests.support.pki import make_test_pki
from tests.support.service import jobs_finished, sohoa, wait_for
from tests.support.web import PASSWORD, browser_log_in, person_at_the_terminal, start_web
from tests.test_web_clerk import FEES, PROFILE, SERIES_A, UNIT_A, small_scan

GUEST = "guest"
USERS = {"clerk": "lan", "officer": "hung", "auditor": "mai", "admin": "quan"}
FULL_NAMES = {"officer": "Trần Văn Hùng", "auditor": "Lê Thị Mai", "admin": "Phạm Minh Quân"}
YEAR = datetime.now(ZoneInfo("Asia/Ho_Chi_Minh")).year
TAGGED = f"H57.132-{YEAR % 100:02d}1201-0001"
REGISTERED = [TAGGED, f"H57.132-{YEAR % 100:02d}1202-0002"]


@dataclass(frozen=True)
class Office:
    url: str
    data_dir: Path
    ids: dict[str, str]  # what fills `{name}` in a page's path


def register_csv(folder: Path) -> Path:
    header = (
        "code,procedure_code,procedure_name,field,unit,channel,received_at,due_at,"
        "resolved_at,result_required"
    )
    lines = [header] + [
        f"{code},1.001612,Đăng ký khai sinh,Hộ tịch,{UNIT_A},counter,"
        f"{YEAR}-12-0{number + 1} 08:30,,,yes"
        for number, code in enumerate(REGISTERED)
    ]
    path = folder / "so-dang-ky.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def prepare(folder: Path) -> Path:
    """A key signing receipts and intake scans (its root trusted, so a page can say a
    signature is valid), a register, fees, a series, a user a role."""
    pki = make_test_pki(folder / "pki")
    secret = folder / f"{PROFILE}.passphrase"
    secret.write_text(pki.passphrase, encoding="utf-8")
    (folder / "sohoa.toml").write_text(
        f'[signing]\nintake = "{PROFILE}"\n[signing.profiles.{PROFILE}]\n'
        f'pkcs12 = "{pki.signer_pkcs12}"\npassphrase_file = "{secret}"\n'
        f'chain = ["{pki.intermediate_cert}"]\ntrust_roots = ["{pki.root_cert}"]\n'
        f'approvers = ["{USERS["officer"]}"]\n',
        encoding="utf-8",
    )
    (folder / "fees.csv").write_text(FEES, encoding="utf-8")
    data_dir = folder / "var"
    person_at_the_terminal(data_dir, USERS["clerk"], "clerk", units=(UNIT_A,))
    record = open_record(load_settings(data_dir=data_dir))
    try:
        for role in ("officer", "auditor", "admin"):
            spec = UserSpec(USERS[role], parse_roles([role]), PASSWORD, (), FULL_NAMES[role])
            add_user(record.store, spec, "test")
    finally:
        record.close()
    for arguments in (
        ("dossiers", "import", str(register_csv(folder))),
        ("receipts", "series", "add", "--form", "01BLP0-001", "--series", SERIES_A,
         "--organization", "UBND xã An Bình", "--tax-code", "0312345678",
         "--address", "Thôn Phú Lộc, xã An Bình", "--profile", PROFILE, "--unit", UNIT_A),
        ("receipts", "fees", "import", str(folder / "fees.csv")),
        ("receipts", "issue", "--series", SERIES_A, "--dossier", TAGGED,
         "--payer", "Hà Văn Minh", "--item", "Lệ phí đăng ký khai sinh=8.000"),
    ):  # fmt: skip
        done = sohoa(data_dir, *arguments)
        assert done.returncode == 0, done.stderr
    return data_dir


def drop_scans(folder: Path, data_dir: Path) -> None:
    """A scan named by its dossier code, one with no code, and a damaged PDF."""
    staging = folder / "staging"
    staging.mkdir()
    small_scan(staging / f"{TAGGED}_to-khai.png", "Tờ khai đăng ký khai sinh", "Hà Văn Minh")
    small_scan(staging / "don-khong-ma.png", "Đơn đề nghị cấp bản sao", "Người nộp: Hà Văn Minh")
    (staging / "hong.pdf").write_bytes(b"%PDF-1.7\nkhong doc duoc\n")
    intake = data_dir / "inbox" / UNIT_A / "intake"
    intake.mkdir(parents=True, exist_ok=True)
    for path in staging.iterdir():
        path.rename(intake / path.name)


def submit_the_batch(folder: Path, data_dir: Path) -> dict[str, str]:
    """The day's intake batch sent for approval; the ids of the batch and of a document.

    In this process, as `sohoa batches list` and `submit` do it (three commands would take
    seconds more).
    """
    from queries.batches import batch_items, batch_lines
    from signing_batches.collect import collect_waiting
    from signing_batches.flow import submit

    with pytest.MonkeyPatch.context() as settings:
        settings.setenv("SOHOA_CONFIG", str(folder / "sohoa.toml"))
        record = open_record(load_settings(data_dir=data_dir))
    try:
        collect_waiting(record)
        (batch,) = batch_lines(record.store, None)
        submit(record, batch.id, f"web:{USERS['clerk']}")
        first = batch_items(record.store, batch.id)[0]
    finally:
        record.close()
    return {"batch": str(batch.id), "document": str(first.document.id)}


def reuse_the_tagged_scan(data_dir: Path) -> None:
    """The clerk reuses the scan tagged to the first registered dossier for the second."""
    from sqlalchemy import select

    from store.schema import DocumentRecord

    record = open_record(load_settings(data_dir=data_dir))
    try:
        with record.store.reading() as session:
            document = session.scalars(
                select(DocumentRecord.id).where(DocumentRecord.dossier_code == TAGGED)
            ).one()
    finally:
        record.close()
    done = sohoa(
        data_dir, "documents", "reuse", str(document), "--dossier", REGISTERED[1],
        "--note", "Tờ khai đã số hóa ở hồ sơ trước",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr


@contextmanager
def open_office(folder: Path) -> Iterator[Office]:
    data_dir = prepare(folder)
    service = start_web(data_dir, SOHOA_WATCH__SETTLE_SECONDS="0.3")
    try:
        drop_scans(folder, data_dir)
        wait_for(lambda: jobs_finished(data_dir, 3), 120, service.log)
        ids = {"receipt": "1", "dossier": TAGGED, "clerk": USERS["clerk"], "fee": "1"}
        ids |= submit_the_batch(folder, data_dir)
        reuse_the_tagged_scan(data_dir)
        ids["reused"] = REGISTERED[1]
        yield Office(service.url, data_dir, ids)
    finally:
        service.stop()


@contextmanager
def signed_in(browser: Browser, office: Office) -> Iterator[dict[str, BrowserContext]]:
    """A browser context for each role, its person logged in once; the guest's is empty."""
    contexts: dict[str, BrowserContext] = {}
    try:
        for role in (GUEST, *USERS):
            context = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh")
            context.set_default_timeout(20_000)
            install_axe(context)
            contexts[role] = context
            if role != GUEST:
                page = context.new_page()
                browser_log_in(page, office.url, USERS[role])
                expect(page.get_by_role("button", name="Đăng xuất")).to_be_visible()
                page.close()
        yield contexts
    finally:
        for context in contexts.values():
            context.close()
