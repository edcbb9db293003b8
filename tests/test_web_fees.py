"""The fee catalogue on the web: clerks read it, admins add, change, remove and import fees
(every bad row of a file listed, nothing imported while one is wrong), each change audited;
the JSON API does the same; and in Chromium an admin changes a fee that a clerk then sees."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from playwright.sync_api import Page, expect
from sqlalchemy import select

from accounts.api_tokens import create_api_token
from accounts.users import UserSpec, add_user
from queries.fees import fee_rows
from service.compose import JobProcess
from service.web.audit_words import describe
from store.schema import AuditRecord
from store.states import Role
from tests.support.browser import Shooter
from tests.support.service import sohoa
from tests.support.web import PASSWORD, browser_log_in, log_in, start_web, web_client, web_services
from tests.support.web import add_user as add_user_cli

UNIT = "xa-an-binh"
FEES = (
    "procedure_code,name,kind,amount\n"
    "1.001234,Lệ phí đăng ký khai sinh,lệ phí,8.000\n"
    "2.000815,Phí chứng thực bản sao,phí,2000\n"
)
BAD_FEES = (
    "procedure_code,name,kind,amount\n"
    "1.001234,Lệ phí đăng ký kết hôn,lệ phí,10000\n"
    "một,Phí thẩm định,phi,20.5\n"
    "2.000815,,phí,0\n"
    "2.000815,Phí chứng thực bản sao,phí,2000\n"
    "2.000815,Phí chứng thực bản sao,phí,3000\n"
)


@dataclass(frozen=True)
class Office:
    services: JobProcess
    admin: TestClient
    clerk: TestClient
    csrf: str
    tokens: dict[str, str]

    def fees(self) -> list[tuple[str, str, str, int]]:
        rows = fee_rows(self.services.store)
        return [(row.procedure_code, row.name, row.kind, row.amount) for row in rows]

    def actions(self) -> list[tuple[str, str, dict[str, object]]]:
        with self.services.store.reading() as session:
            found = session.scalars(select(AuditRecord).order_by(AuditRecord.id))
            return [
                (entry.action, entry.actor, json.loads(entry.details))
                for entry in found
                if entry.action.startswith("fee")
            ]


@pytest.fixture
def office(tmp_path: Path) -> Iterator[Office]:
    """An admin and a clerk logged in, each with an API token; the catalogue of FEES."""
    with web_services(tmp_path / "var") as services:
        tokens = {}
        for name, role, units in (("quantri", Role.ADMIN, ()), ("lan", Role.CLERK, (UNIT,))):
            add_user(services.store, UserSpec(name, frozenset({role}), PASSWORD, units), "test")
            tokens[name] = create_api_token(services.store, name, "một cửa", "test")
        with web_client(services) as admin, web_client(services) as clerk:
            csrf = log_in(admin, "quantri")
            log_in(clerk, "lan")
            upload = {"catalogue": ("phi.csv", FEES.encode(), "text/csv")}
            imported = admin.post(
                "/admin/fees/import", data={"csrf_token": csrf}, files=upload,
                follow_redirects=False,
            )  # fmt: skip
            assert imported.status_code == 303, imported.text
            assert "2 dòng" in admin.get(imported.headers["location"]).text
            yield Office(services, admin, clerk, csrf, tokens)


def fee_id(office: Office, name: str) -> int:
    page = office.admin.get("/admin/fees").text
    found = re.search(r'href="/admin/fees/(\d+)" aria-label="Sửa khoản ' + re.escape(name), page)
    assert found, name
    return int(found.group(1))


def test_a_clerk_reads_the_catalogue_and_may_not_change_it(office: Office) -> None:
    page = office.clerk.get("/clerk/fees")
    assert page.status_code == 200
    for shown in ("Lệ phí đăng ký khai sinh", "lệ phí", "8.000 đ", "Phí chứng thực bản sao"):
        assert shown in page.text, shown
    assert "/admin/fees" not in page.text and 'href="/clerk/fees"' in page.text
    some_fee = fee_id(office, "Phí chứng thực bản sao")
    for path in ("/admin/fees", f"/admin/fees/{some_fee}"):
        assert office.clerk.get(path).status_code == 403, path
    assert office.admin.get("/clerk/fees").status_code == 403


def test_an_admin_adds_changes_and_removes_a_fee_each_audited(office: Office) -> None:
    form = {
        "csrf_token": office.csrf, "procedure_code": "1.011442.000.00.00.h38",
        "name": "  Phí  thẩm định ", "kind": "phí", "amount": "1.500.000",
    }  # fmt: skip
    added = office.admin.post("/admin/fees", data=form, follow_redirects=False)
    assert added.status_code == 303
    assert "Đã thêm khoản phí" in office.admin.get(added.headers["location"]).text
    assert ("1.011442.000.00.00.H38", "Phí thẩm định", "phí", 1_500_000) in office.fees()

    twice = office.admin.post("/admin/fees", data=form)
    assert twice.status_code == 400
    assert "đã có khoản «Phí thẩm định»" in twice.text
    wrong = office.admin.post(
        "/admin/fees", data={**form, "procedure_code": "abc", "kind": "thuế", "amount": "-1"}
    )
    assert wrong.status_code == 400
    for said in ("«abc» không phải mã thủ tục", "«thuế» không phải loại khoản thu",
                 "«-1» không phải số tiền hợp lệ", 'value="abc"'):  # fmt: skip
        assert said in wrong.text, said

    fee = fee_id(office, "Phí thẩm định")
    page = office.admin.get(f"/admin/fees/{fee}").text
    assert "Phí thẩm định" in page and 'value="1.500.000"' in page
    changed = office.admin.post(
        f"/admin/fees/{fee}",
        data={"csrf_token": office.csrf, "name": "Phí thẩm định hồ sơ", "kind": "lệ phí",
              "amount": "1.200.000"},
        follow_redirects=False,
    )  # fmt: skip
    assert changed.status_code == 303
    assert "Đã lưu khoản phí" in office.admin.get(changed.headers["location"]).text
    assert ("1.011442.000.00.00.H38", "Phí thẩm định hồ sơ", "lệ phí", 1_200_000) in office.fees()
    refused = office.admin.post(
        f"/admin/fees/{fee}",
        data={"csrf_token": office.csrf, "name": "", "kind": "lệ phí", "amount": "0"},
    )
    assert refused.status_code == 400 and "Hãy nhập tên khoản phí" in refused.text

    removed = office.admin.post(
        f"/admin/fees/{fee}/remove", data={"csrf_token": office.csrf}, follow_redirects=False
    )
    assert removed.status_code == 303
    assert all(row[1] != "Phí thẩm định hồ sơ" for row in office.fees())
    assert office.admin.get(f"/admin/fees/{fee}").status_code == 404
    again = office.admin.post(f"/admin/fees/{fee}/remove", data={"csrf_token": office.csrf})
    assert again.status_code == 404

    done = [(action, actor) for action, actor, _ in office.actions()]
    assert done == [
        ("fees.imported", "web:quantri"),
        ("fee.added", "web:quantri"),
        ("fee.changed", "web:quantri"),
        ("fee.removed", "web:quantri"),
    ]
    change = next(details for action, _, details in office.actions() if action == "fee.changed")
    words = dict(describe("fee.changed", change).fields)
    assert words["Tên trước đó"] == "Phí thẩm định" and words["Tên"] == "Phí thẩm định hồ sơ"
    assert words["Số tiền"] == "1.200.000 đ" and words["Số tiền trước đó"] == "1.500.000 đ"


def test_an_upload_with_bad_rows_lists_each_and_imports_nothing(office: Office) -> None:
    before = office.fees()
    upload = {"catalogue": ("danh muc sai.csv", BAD_FEES.encode(), "text/csv")}
    refused = office.admin.post(
        "/admin/fees/import", data={"csrf_token": office.csrf}, files=upload
    )
    assert refused.status_code == 400
    page = refused.text
    assert "Tệp «danh-muc-sai.csv» có 3 dòng sai nên chưa nhập dòng nào" in page
    for said in (
        "Dòng 3, cột procedure_code: «một» không phải mã thủ tục hành chính",
        "Dòng 3, cột kind: «phi» không phải loại khoản thu; chỉ nhận «phí» hoặc «lệ phí»",
        "Dòng 3, cột amount: «20.5» không phải số tiền hợp lệ",
        "Dòng 4, cột name: tên khoản phí không được để trống",
        "Dòng 4, cột amount: «0» không phải số tiền hợp lệ",
        "Dòng 6, cột name: khoản «Phí chứng thực bản sao» của thủ tục 2.000815 đã có ở dòng 5",
    ):
        assert said in page, said
    assert page.count("<li>Dòng ") == 6
    assert office.fees() == before  # not even row 2, which was good
    assert not any((office.services.layout.work / "uploads").iterdir())

    too_large = {"catalogue": ("lon.csv", b"x" * (5 * 1024 * 1024 + 1), "text/csv")}
    large = office.admin.post(
        "/admin/fees/import", data={"csrf_token": office.csrf}, files=too_large
    )
    assert large.status_code == 400 and "quá lớn (tối đa 5 MB)" in large.text
    columns = {"catalogue": ("cot.csv", b"ma,ten\n1,2\n", "text/csv")}
    wrong = office.admin.post("/admin/fees/import", data={"csrf_token": office.csrf}, files=columns)
    assert wrong.status_code == 400 and "còn thiếu procedure_code, name, kind, amount" in wrong.text
    assert [action for action, _, _ in office.actions()] == ["fees.imported"]


def test_the_api_reads_for_clerks_and_writes_for_admins(office: Office) -> None:
    admin = {"Authorization": f"Bearer {office.tokens['quantri']}"}
    clerk = {"Authorization": f"Bearer {office.tokens['lan']}"}
    client = office.admin
    listed = client.get("/api/fees", headers=clerk)
    assert listed.status_code == 200
    assert [(fee["procedure_code"], fee["kind"], fee["amount"]) for fee in listed.json()["items"]] \
        == [("1.001234", "lệ phí", 8000), ("2.000815", "phí", 2000)]  # fmt: skip

    new = {"procedure_code": "1.000001", "name": "Phí A", "kind": "phí", "amount": 5000}
    assert client.post("/api/fees", json=new, headers=clerk).status_code == 403
    made = client.post("/api/fees", json=new, headers=admin)
    assert made.status_code == 201, made.text
    made_id = made.json()["id"]
    assert client.post("/api/fees", json=new, headers=admin).status_code == 409
    bad = client.post("/api/fees", json={**new, "kind": "thuế", "amount": 0}, headers=admin)
    assert bad.status_code == 400 and "thuế" in bad.json()["detail"]

    change = {"name": "Phí A mới", "kind": "lệ phí", "amount": 6000}
    assert client.put(f"/api/fees/{made_id}", json=change, headers=clerk).status_code == 403
    changed = client.put(f"/api/fees/{made_id}", json=change, headers=admin)
    assert changed.status_code == 200 and changed.json()["amount"] == 6000
    assert client.delete(f"/api/fees/{made_id}", headers=clerk).status_code == 403
    assert client.delete(f"/api/fees/{made_id}", headers=admin).status_code == 204
    assert client.delete(f"/api/fees/{made_id}", headers=admin).status_code == 404

    headers = {**admin, "Content-Type": "text/csv"}
    refused = client.post(
        "/api/fees/import?name=sai.csv", content=BAD_FEES.encode(), headers=headers
    )
    assert refused.status_code == 400
    assert refused.headers["content-type"] == "application/problem+json"
    problems = refused.json()["problems"]
    assert [(p["row"], p["column"], p["value"]) for p in problems] == [
        (3, "procedure_code", "một"), (3, "kind", "phi"), (3, "amount", "20.5"),
        (4, "name", ""), (4, "amount", "0"), (6, "name", "Phí chứng thực bản sao"),
    ]  # fmt: skip
    assert "'phí', 'lệ phí'" in problems[1]["message"]
    assert "chỉ nhận «phí» hoặc «lệ phí»" in problems[1]["message_vi"]
    good = FEES.replace("2000", "2.500")
    imported = client.post("/api/fees/import", content=good.encode(), headers=headers)
    assert imported.json() == {"added": 0, "changed": 1, "unchanged": 1}
    clerk_import = {**clerk, "Content-Type": "text/csv"}
    assert client.post("/api/fees/import", content=good, headers=clerk_import).status_code == 403


def test_an_admin_changes_a_fee_in_the_browser_and_a_clerk_sees_it(
    tmp_path: Path, page: Page, shoot: Shooter
) -> None:
    data_dir = tmp_path / "var"
    add_user_cli(data_dir, "quantri", "admin")
    add_user_cli(data_dir, "lan", "clerk", units=(UNIT,))
    (tmp_path / "phi.csv").write_text(FEES, encoding="utf-8")
    imported = sohoa(data_dir, "receipts", "fees", "import", str(tmp_path / "phi.csv"))
    assert imported.returncode == 0, imported.stderr
    service = start_web(data_dir)
    try:
        browser_log_in(page, service.url, "quantri")
        page.get_by_role("link", name="Danh mục phí, lệ phí").click()
        expect(page.locator("tbody")).to_contain_text("Phí chứng thực bản sao")
        page.get_by_role("link", name="Sửa khoản Phí chứng thực bản sao").click()
        page.get_by_label("Số tiền (đồng)").fill("3.000")
        page.get_by_label("Loại").select_option("lệ phí")
        page.get_by_role("button", name="Lưu").click()
        expect(page.get_by_role("status")).to_contain_text("Đã lưu khoản phí")
        shoot(page, "admin-fee")

        page.get_by_role("link", name="‹ Danh mục phí, lệ phí").click()
        page.get_by_label("Mã thủ tục").fill("1.000001")
        page.get_by_label("Tên khoản thu").fill("Phí cấp bản sao trích lục")
        page.get_by_label("Loại").select_option("phí")
        page.get_by_label("Số tiền (đồng, ví dụ 20.000)").fill("10.000")
        page.get_by_role("button", name="Thêm khoản thu").click()
        expect(page.get_by_role("status")).to_contain_text("Đã thêm khoản phí")
        shoot(page, "admin-fees")
        page.get_by_role("button", name="Đăng xuất").click()

        browser_log_in(page, service.url, "lan")
        page.get_by_role("link", name="Danh mục phí").click()
        row = page.locator("tbody tr", has_text="Phí chứng thực bản sao")
        expect(row).to_contain_text("lệ phí")
        expect(row).to_contain_text("3.000 đ")
        expect(page.locator("tbody")).to_contain_text("Phí cấp bản sao trích lục")
        expect(page.get_by_role("link", name=re.compile("^Sửa"))).to_have_count(0)
        shoot(page, "clerk-fees")
    finally:
        service.stop()
    listed = sohoa(data_dir, "receipts", "fees", "list", "--json")
    fees = {fee["name"]: (fee["kind"], fee["amount"]) for fee in json.loads(listed.stdout)}
    assert fees["Phí chứng thực bản sao"] == ("lệ phí", 3000)
    assert fees["Phí cấp bản sao trích lục"] == ("phí", 10000)
