"""The command line and the web form refuse the same receipt for the same reason.

One data folder serves both: `sohoa receipts issue` as a process, and the clerk's form
in-process. Each bad request is first made to the use case itself, which says why (its
codes); the command line must then print the use case's English message, the form the
catalogue's Vietnamese text for the same codes; and no number is used by either.
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from config import SohoaError
from receipt_counter.fee_catalogue import import_fees
from receipt_counter.flow import IssueRequest, issue_receipt
from receipt_counter.series import SeriesSpec, add_series
from service.compose import JobProcess
from service.messages import text
from signing.keys import forget_signers
from store.schema import FeeRecord, ReceiptRecord, ReceiptSeriesRecord
from tests.support.pki import make_test_pki
from tests.support.service import sohoa
from tests.support.web import log_in, person_at_the_terminal, web_client, web_services

UNIT = "xa-an-binh"
PROFILE = "thu-phi"
YEAR = datetime.now(UTC).astimezone(ZoneInfo("Asia/Ho_Chi_Minh")).year % 100
THIS_YEAR, LAST_YEAR = f"BI-{YEAR:02d}T", f"BI-{YEAR - 1:02d}T"
FEE = "1.001234"
REGISTERED_NOWHERE = "H57.132-261008-0975"


@dataclass(frozen=True)
class Counter:
    data_dir: Path
    services: JobProcess
    client: TestClient
    token: str

    def series_id(self, symbol: str) -> int:
        with self.services.store.reading() as session:
            return session.scalars(
                select(ReceiptSeriesRecord.id).where(ReceiptSeriesRecord.series_symbol == symbol)
            ).one()

    def fee_id(self) -> int:
        with self.services.store.reading() as session:
            return session.scalars(
                select(FeeRecord.id).where(FeeRecord.procedure_code == FEE)
            ).one()

    def numbers_used(self) -> tuple[int, dict[str, int]]:
        """How many receipts are recorded, and the last number of each series."""
        with self.services.store.reading() as session:
            receipts = session.scalar(select(func.count()).select_from(ReceiptRecord)) or 0
            series = session.execute(
                select(ReceiptSeriesRecord.series_symbol, ReceiptSeriesRecord.last_number)
            ).all()
        return receipts, {symbol: number for symbol, number in series}


@pytest.fixture(scope="module")
def counter(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Counter]:
    """Series of this year and of last year, one fee, a clerk; known dossiers required."""
    folder = tmp_path_factory.mktemp("refusals")
    profile = make_test_pki(folder / "pki").profile_settings(folder, PROFILE)
    (folder / "sohoa.toml").write_text(settings_file(profile), encoding="utf-8")
    (folder / "fees.csv").write_text(
        f"procedure_code,name,kind,amount\n{FEE},Lệ phí đăng ký khai sinh,lệ phí,8000\n",
        encoding="utf-8",
    )
    data_dir = folder / "var"
    person_at_the_terminal(data_dir, "lan", "clerk", units=(UNIT,))
    forget_signers()
    settings = {"signing": {"profiles": {PROFILE: profile}},
                "receipts": {"require_known_dossier": True}}  # fmt: skip
    with web_services(data_dir, **settings) as services:
        for symbol in (THIS_YEAR, LAST_YEAR):
            spec = SeriesSpec("01BLP0-001", symbol, "UBND xã An Bình", "0312345678",
                              "Thôn Phú Lộc, xã An Bình", UNIT, PROFILE)  # fmt: skip
            add_series(services, spec, "test")
        import_fees(services.store, folder / "fees.csv", "test")
        with web_client(services) as client:
            yield Counter(data_dir, services, client, log_in(client, "lan"))
    forget_signers()


def settings_file(profile: dict[str, object]) -> str:
    """The same settings for the command line: the signing profile, known dossiers only."""
    lines = [f"[signing.profiles.{PROFILE}]"]
    lines += [f"{key} = {json.dumps(value)}" for key, value in profile.items()]
    return "\n".join([*lines, "[receipts]", "require_known_dossier = true", ""])


@dataclass(frozen=True)
class Mistake:
    """One bad request, as the use case, the command line and the form each take it."""

    codes: tuple[str, ...]
    request: IssueRequest
    options: tuple[str, ...]
    fields: dict[str, object]


def mistakes(counter: Counter) -> dict[str, Mistake]:
    good = IssueRequest(series=THIS_YEAR, payer="Nguyễn Thị Hoà", dossier_code=None,
                        fee_codes=(FEE,))  # fmt: skip
    options = ("--series", THIS_YEAR, "--payer", "Nguyễn Thị Hoà", "--fee", FEE)
    fields: dict[str, object] = {
        "series": str(counter.series_id(THIS_YEAR)), "payer": "Nguyễn Thị Hoà",
        "method": "cash", "fee": [str(counter.fee_id())],
    }  # fmt: skip
    last_year = {"series": str(counter.series_id(LAST_YEAR))}
    unknown_dossier = {"dossier_code": REGISTERED_NOWHERE}
    return {
        "a series of another year": Mistake(
            ("receipt.series_other_year",),
            replace(good, series=LAST_YEAR),
            ("--series", LAST_YEAR, *options[2:]),
            {**fields, **last_year},
        ),
        "a dossier not in the register": Mistake(
            ("receipt.dossier_unknown",),
            replace(good, dossier_code=REGISTERED_NOWHERE),
            (*options, "--dossier", REGISTERED_NOWHERE),
            {**fields, **unknown_dossier},
        ),
        "a malformed dossier code": Mistake(
            ("receipt.dossier_code_invalid",),
            replace(good, dossier_code="H57.132-2610080975"),
            (*options, "--dossier", "H57.132-2610080975"),
            {**fields, "dossier_code": "H57.132-2610080975"},
        ),
        "an amount of nothing": Mistake(
            ("receipt.amount_not_positive",),
            replace(good, fee_codes=(), items=(("Phí sao y", 0),)),
            (*options[:4], "--item", "Phí sao y=0"),
            {**fields, "fee": [], "item_name": ["Phí sao y"], "item_amount": ["0"]},
        ),
        "no fee at all": Mistake(
            ("receipt.lines_missing",),
            replace(good, fee_codes=()),
            options[:4],
            {**fields, "fee": []},
        ),
        "three mistakes at once": Mistake(
            ("receipt.series_other_year", "receipt.payer_missing", "receipt.dossier_unknown"),
            replace(good, series=LAST_YEAR, payer=" ", dossier_code=REGISTERED_NOWHERE),
            ("--series", LAST_YEAR, "--payer", " ", "--fee", FEE, "--dossier", REGISTERED_NOWHERE),
            {**fields, **last_year, **unknown_dossier, "payer": " "},
        ),
    }  # fmt: skip


CASES = (
    "a series of another year", "a dossier not in the register", "a malformed dossier code",
    "an amount of nothing", "no fee at all", "three mistakes at once",
)  # fmt: skip


@pytest.mark.parametrize("case", CASES)
def test_the_command_line_and_the_form_refuse_for_the_same_reason(
    counter: Counter, case: str
) -> None:
    mistake = mistakes(counter)[case]
    before = counter.numbers_used()
    with pytest.raises(SohoaError) as refused:
        issue_receipt(counter.services, mistake.request, "test")
    error = refused.value
    assert tuple(problem.code for problem in error.problems) == mistake.codes

    said = sohoa(counter.data_dir, "receipts", "issue", *mistake.options)
    assert said.returncode == 1, said.stderr
    assert one_line(said.stderr) == f"error: {one_line(error.message)}"

    page = counter.client.post(
        "/clerk/receipts", data={**mistake.fields, "csrf_token": counter.token}
    )
    assert page.status_code == 400
    shown = html.unescape(page.text)
    for problem in error.problems:
        vietnamese = text(problem)
        assert vietnamese is not None and vietnamese in shown, problem.code
        assert problem.message not in shown
    assert counter.numbers_used() == before


def test_a_replacement_without_reason_shows_every_problem_and_uses_no_number(
    counter: Counter,
) -> None:
    issued = counter.client.post(
        "/clerk/receipts",
        data={"series": str(counter.series_id(THIS_YEAR)), "payer": "Trần Văn Dũng",
              "method": "cash", "fee": [str(counter.fee_id())], "csrf_token": counter.token},
        follow_redirects=False,
    )  # fmt: skip
    assert issued.status_code == 303, issued.text[-2000:]
    receipt_id = int(issued.headers["location"].split("/")[3].split("?")[0])
    with counter.services.store.reading() as session:
        number = session.get_one(ReceiptRecord, receipt_id).number
    reference = f"{THIS_YEAR}-{number:07d}"
    before = counter.numbers_used()

    refused = counter.client.post(
        f"/clerk/receipts/{receipt_id}/replace",
        data={"series": str(counter.series_id(THIS_YEAR)), "payer": "", "method": "cash",
              "item_name": ["Phí chứng thực", ""], "item_amount": ["hai nghìn", ""],
              "reason": " ", "csrf_token": counter.token},
    )  # fmt: skip

    assert refused.status_code == 400
    for expected in (
        f"Hãy nhập lý do thay thế biên lai {reference}.",
        "Dòng 1 («Phí chứng thực»): số tiền phải là số đồng lớn hơn 0",
    ):
        assert expected in html.unescape(refused.text), expected
    # A payer left empty is the replaced receipt's: not a problem of a replacement.
    assert "Hãy nhập họ tên người nộp tiền." not in html.unescape(refused.text)
    assert counter.numbers_used() == before
    by_command = sohoa(
        counter.data_dir, "receipts", "replace", THIS_YEAR, str(number), "--reason", " ",
        "--payer", "", "--item", "Phí chứng thực=0",
    )  # fmt: skip
    assert by_command.returncode == 1
    for expected in ("Replacing a receipt needs a reason.",
                     "'Phí chứng thực': the amount must be more than 0 đồng."):  # fmt: skip
        assert expected in one_line(by_command.stderr), expected
    assert "payer" not in by_command.stderr  # the replaced receipt's payer is kept
    assert counter.numbers_used() == before


def one_line(said: str) -> str:
    return " ".join(said.split())
