"""The admin pages: users and their access, API tokens, units, receipt series and the
signing profiles, through the web app in-process; and an admin's journey in Chromium against
`sohoa run`, ending with the public check of a receipt."""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import zxingcpp
from fastapi.testclient import TestClient
from PIL import Image
from playwright.sync_api import Page, expect
from sqlalchemy import select

from accounts.users import UserSpec, add_user
from service.compose import JobProcess
from store.schema import AuditRecord, ReceiptSeriesRecord, UnitRecord
from store.states import Role
from tests.support.browser import Shooter
from tests.support.pki import make_test_pki
from tests.support.service import sohoa
from tests.support.web import PASSWORD, csrf_of, log_in, start_web, web_client, web_services
from tests.support.web import add_user as add_user_cli

NEW_PASSWORD = "mật khẩu của Lan 2026"
PROFILES: dict[str, Any] = {
    "result": "thu-phi",
    "units": {"xa-an-binh": {"intake": "token-xa"}},
}


@contextmanager
def as_admin(data_dir: Path, **settings: object) -> Iterator[tuple[JobProcess, TestClient, str]]:
    """The app with an admin 'quantri' logged in; yields the services, client and CSRF token."""
    with web_services(data_dir, **settings) as services:
        add_user(services.store, UserSpec("quantri", frozenset({Role.ADMIN}), PASSWORD), "test")
        with web_client(services) as client:
            yield services, client, log_in(client, "quantri")


def login(client: TestClient, name: str, password: str) -> int:
    form = client.get("/login")
    answer = client.post(
        "/login",
        data={"name": name, "password": password, "csrf_token": csrf_of(form.text)},
        follow_redirects=False,
    )
    return int(answer.status_code)


def is_logged_in(client: TestClient) -> bool:
    home = client.get("/", follow_redirects=False)
    return not home.headers["location"].startswith("/login")


def actions(services: JobProcess) -> list[tuple[str, str, str]]:
    with services.store.reading() as session:
        rows = session.execute(select(AuditRecord.action, AuditRecord.subject, AuditRecord.actor))
        return [tuple(row) for row in rows]  # type: ignore[misc]


def test_an_admin_adds_a_clerk_who_can_then_log_in(tmp_path: Path) -> None:
    with as_admin(tmp_path / "var") as (services, client, csrf):
        form: dict[str, object] = {
            "csrf_token": csrf, "name": "lan", "full_name": "Nguyễn Thị Lan", "roles": ["clerk"],
            "units": "xa-an-binh", "password": NEW_PASSWORD, "password_again": NEW_PASSWORD,
        }  # fmt: skip
        added = client.post("/admin/users", data=form, follow_redirects=False)
        assert added.status_code == 303 and added.headers["location"] == "/admin/users/lan?ok=added"
        page = client.get(added.headers["location"])
        assert "Đã thêm người dùng" in page.text and "Nguyễn Thị Lan" in page.text
        listed = client.get("/admin/users").text
        assert "lan" in listed and "Cán bộ một cửa" in listed and "xa-an-binh" in listed
        assert NEW_PASSWORD not in listed and "argon2" not in listed

        mistakes: dict[str, dict[str, object]] = {
            "Hai lần nhập mật khẩu không giống nhau": {"password_again": "khác hẳn mật khẩu"},
            "Cán bộ một cửa cần ít nhất một đơn vị": {"name": "binh", "units": ""},
            "Đã có người dùng tên “lan”": {},
            "Hãy chọn ít nhất một vai trò": {"name": "binh", "roles": []},
            "Mật khẩu cần ít nhất 12 ký tự":
                {"name": "binh", "password": "ngắn", "password_again": "ngắn"},
            "danh sách những mật khẩu phổ biến nhất":
                {"name": "binh", "password": "password2026", "password_again": "password2026"},
            "Tên đăng nhập chỉ gồm": {"name": "Bình ơi"},
        }  # fmt: skip
        for message, change in mistakes.items():
            refused = client.post("/admin/users", data={**form, **change})
            assert refused.status_code == 400 and message in refused.text, message
        assert client.post("/admin/users", data={**form, "csrf_token": ""}).status_code == 403

        with web_client(services) as counter:
            assert login(counter, "lan", NEW_PASSWORD) == 303
            assert counter.get("/", follow_redirects=False).headers["location"] == "/clerk/intake"
            assert counter.get("/admin/users").status_code == 403
    assert ("user.created", "user:lan", "web:quantri") in actions(services)


def test_deactivating_a_user_ends_their_session_and_a_new_password_replaces_the_old(
    tmp_path: Path,
) -> None:
    with as_admin(tmp_path / "var") as (services, client, csrf):
        lan = UserSpec("lan", frozenset({Role.CLERK}), PASSWORD, ("xa-an-binh",), "Nguyễn Thị Lan")
        add_user(services.store, lan, "test")
        with web_client(services) as counter:
            assert login(counter, "lan", PASSWORD) == 303 and is_logged_in(counter)
            changed = client.post(
                "/admin/users/lan/access",
                data={"csrf_token": csrf, "roles": ["clerk", "auditor"], "units": "xa-an-binh"},
                follow_redirects=False,
            )
            assert changed.status_code == 303
            page = client.get(changed.headers["location"]).text
            assert "Đã khóa" in page and "Kiểm tra, thanh tra" in page
            assert not is_logged_in(counter)
            assert login(counter, "lan", PASSWORD) == 401

            client.post(
                "/admin/users/lan/access",
                data={"csrf_token": csrf, "roles": ["clerk"], "units": "xa-an-binh", "active": "1"},
            )
            renewed = client.post(
                "/admin/users/lan/password",
                data={"csrf_token": csrf, "password": NEW_PASSWORD, "password_again": NEW_PASSWORD},
                follow_redirects=False,
            )
            assert renewed.status_code == 303
            assert login(counter, "lan", PASSWORD) == 401
            assert login(counter, "lan", NEW_PASSWORD) == 303

        myself = client.post(
            "/admin/users/quantri/access",
            data={"csrf_token": csrf, "roles": ["admin"], "units": ""},
        )
        assert myself.status_code == 400 and "không thể tự" in myself.text
        assert client.get("/admin/users/khong-co-ai").status_code == 404
    done = actions(services)
    assert ("user.access_changed", "user:lan", "web:quantri") in done
    assert ("user.password_changed", "user:lan", "web:quantri") in done


def test_an_api_token_is_shown_once_works_and_stops_when_revoked(tmp_path: Path) -> None:
    with as_admin(tmp_path / "var") as (services, client, csrf):
        system = UserSpec("motcua", frozenset({Role.CLERK}), PASSWORD, ("xa-an-binh",))
        add_user(services.store, system, "test")
        made = client.post(
            "/admin/tokens", data={"csrf_token": csrf, "owner": "motcua", "label": "Một cửa tỉnh"}
        )
        assert made.status_code == 200 and "chỉ hiện" in made.text
        token = re.search(r'value="(sohoa_[A-Za-z0-9_-]+)"', made.text)
        assert token is not None
        bearer = {"Authorization": f"Bearer {token.group(1)}"}
        listed = client.get("/admin/tokens").text
        assert "Một cửa tỉnh" in listed and "motcua" in listed and "Còn hiệu lực" in listed
        assert token.group(1) not in listed
        assert token.group(1) not in client.get("/admin/users/motcua").text

        row = {
            "code": "H57.132-260804-0583", "procedure_code": "1.001612", "unit": "xa-an-binh",
            "channel": "counter", "received_at": "2026-08-04T08:30:00+07:00",
            "result_required": True,
        }  # fmt: skip
        pushed = client.post("/api/dossiers", json={"dossiers": [row]}, headers=bearer)
        assert pushed.status_code == 200 and pushed.json()["created"] == 1
        status = client.get("/api/dossiers/H57.132-260804-0583", headers=bearer)
        assert status.status_code == 200 and status.json()["registered"] is True

        token_id = re.search(r'action="/admin/tokens/(\d+)/revoke"', listed)
        assert token_id is not None
        revoked = client.post(
            f"/admin/tokens/{token_id.group(1)}/revoke",
            data={"csrf_token": csrf},
            follow_redirects=False,
        )
        assert revoked.status_code == 303
        assert "Đã thu hồi" in client.get(revoked.headers["location"]).text
        refused = client.get("/api/dossiers/H57.132-260804-0583", headers=bearer)
        assert refused.status_code == 401
        assert refused.headers["content-type"] == "application/problem+json"
    done = actions(services)
    assert ("api_token.created", "user:motcua", "web:quantri") in done
    assert ("api_token.revoked", f"api_token:{token_id.group(1)}", "web:quantri") in done


def test_the_profiles_page_names_profiles_and_their_uses_but_no_key_material(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    keys = tmp_path / "khoa-bi-mat"
    monkeypatch.setenv("SOHOA_TEST_THU_PHI_PASSPHRASE", "cum-tu-mat-khau-9731")
    monkeypatch.setenv("SOHOA_TEST_TOKEN_PIN", "864209")
    signing = {
        **PROFILES,
        "profiles": {
            "thu-phi": {
                "pkcs12": str(keys / "thu-phi.p12"),
                "passphrase_env": "SOHOA_TEST_THU_PHI_PASSPHRASE",
                "chain": [str(keys / "trung-gian.pem")],
                "timestamp_url": "http://tsa.example.vn/dau-thoi-gian",
                "approvers": ["hung"],
                "appearance": {"kind": "agency", "seal": str(keys / "con-dau.png")},
            },
            "token-xa": {
                "pkcs11_module": str(keys / "libsofthsm2.so"),
                "token_label": "nhan-thiet-bi-9",
                "key_label": "nhan-khoa-7",
                "pin_env": "SOHOA_TEST_TOKEN_PIN",
            },
        },
    }
    with as_admin(tmp_path / "var", signing=signing) as (_, client, _csrf):
        page = client.get("/admin/profiles")
    assert page.status_code == 200
    for shown in (
        "thu-phi", "token-xa", "Tệp PKCS#12", "token PKCS#11", "Dấu cơ quan", "Chữ ký ẩn",
        "hung", "Kết quả giải quyết của mọi đơn vị", "Hồ sơ tiếp nhận của đơn vị xa-an-binh",
    ):  # fmt: skip
        assert shown in page.text, shown
    for secret in (
        "cum-tu-mat-khau-9731", "864209", "SOHOA_TEST_THU_PHI_PASSPHRASE", "SOHOA_TEST_TOKEN_PIN",
        "khoa-bi-mat", ".p12", "libsofthsm2", "nhan-thiet-bi-9", "nhan-khoa-7", "tsa.example.vn",
        "con-dau.png", "trung-gian.pem", str(tmp_path),
    ):  # fmt: skip
        assert secret not in page.text, secret


def test_series_are_added_and_units_renamed(tmp_path: Path) -> None:
    signing = {"profiles": {"thu-phi": {"pkcs12": str(tmp_path / "k.p12")}}}
    with as_admin(tmp_path / "var", signing=signing) as (services, client, csrf):
        series = {
            "csrf_token": csrf, "form_symbol": "01BLP0-001", "series_symbol": "BI-26T",
            "organization": "UBND xã An Bình", "tax_code": "0312345678",
            "address": "Thôn Phú Lộc, xã An Bình", "unit": "xa-an-binh", "profile": "thu-phi",
        }  # fmt: skip
        added = client.post("/admin/series", data=series, follow_redirects=False)
        assert added.status_code == 303
        page = client.get(added.headers["location"]).text
        assert "Đã thêm ký hiệu biên lai" in page
        assert "BI-26T" in page and "UBND xã An Bình" in page and "0000000" in page
        twice = client.post("/admin/series", data=series)
        assert twice.status_code == 400 and "Không thêm được ký hiệu biên lai" in twice.text
        wrong = client.post(
            "/admin/series", data={**series, "series_symbol": "BI-T", "tax_code": "1"}
        )
        assert wrong.status_code == 400
        assert "Biên lai ký hiệu BI-26T" in client.get("/admin/profiles").text

        assert 'href="/admin/fees"' in page  # the fee catalogue has its own page

        units = client.get("/admin/units").text
        unit_id = re.search(r'action="/admin/units/(\d+)/name', units)
        assert "xa-an-binh" in units and unit_id is not None
        renamed = client.post(
            f"/admin/units/{unit_id.group(1)}/name",
            data={"csrf_token": csrf, "name": " UBND  xã An Bình "},
            follow_redirects=False,
        )
        assert renamed.status_code == 303
        assert "UBND xã An Bình" in client.get(renamed.headers["location"]).text
        named = 'UBND xã An Bình <small class="muted code">xa-an-binh</small>'
        assert named in client.get("/admin/series").text
        add_user(
            services.store,
            UserSpec("lan", frozenset({Role.CLERK}), NEW_PASSWORD, units=("xa-an-binh",)),
            "test",
        )
        assert named in client.get("/admin/users").text
        assert named in client.get("/admin/users/lan").text
        empty = client.post(
            f"/admin/units/{unit_id.group(1)}/name", data={"csrf_token": csrf, "name": " "}
        )
        assert empty.status_code == 400
        with services.store.reading() as session:
            assert session.scalars(select(UnitRecord.name)).one() == "UBND xã An Bình"
    done = actions(services)
    assert ("unit.renamed", f"unit:{unit_id.group(1)}", "web:quantri") in done
    assert any(action == "receipt_series.created" and actor == "web:quantri"
               for action, _, actor in done)  # fmt: skip


def test_a_series_keeps_its_kind_and_symbols_off_the_rule_are_refused(tmp_path: Path) -> None:
    signing = {"profiles": {"thu-phi": {"pkcs12": str(tmp_path / "k.p12")}}}
    with as_admin(tmp_path / "var", signing=signing) as (services, client, csrf):
        form = client.get("/admin/series").text
        assert 'list="receipt-kinds"' in form and "không có mệnh giá" in form
        series = {
            "csrf_token": csrf, "form_symbol": "01BLP0-001", "series_symbol": "BI-26T",
            "organization": "UBND xã An Bình", "tax_code": "0312345678",
            "address": "Thôn Phú Lộc, xã An Bình", "unit": "xa-an-binh", "profile": "thu-phi",
        }  # fmt: skip
        bad_form = client.post("/admin/series", data={**series, "form_symbol": "01BLP0-1"})
        assert bad_form.status_code == 400
        assert "Ký hiệu mẫu biên lai «01BLP0-1» không đúng cấu trúc" in bad_form.text
        assert 'value="01BLP0-1"' in bad_form.text  # the form keeps what was typed
        bad_series = client.post("/admin/series", data={**series, "series_symbol": "BI-26"})
        assert bad_series.status_code == 400
        assert "Ký hiệu biên lai «BI-26» không đúng cấu trúc" in bad_series.text
        kind = "Biên lai thu phí, lệ phí không có mệnh giá"
        added = client.post("/admin/series", data={**series, "kind": kind}, follow_redirects=False)
        assert added.status_code == 303
        assert kind in client.get("/admin/series").text
        with services.store.reading() as session:
            assert session.scalars(select(ReceiptSeriesRecord.kind_name)).one() == kind


def test_admin_pages_refuse_other_roles(tmp_path: Path) -> None:
    with as_admin(tmp_path / "var") as (services, client, _):
        auditor = UserSpec("kiem", frozenset({Role.AUDITOR, Role.OFFICER}), PASSWORD)
        add_user(services.store, auditor, "test")
        with web_client(services) as other:
            assert login(other, "kiem", PASSWORD) == 303
            other_csrf = csrf_of(other.get("/admin/users").text)  # the logout form's
            for path in ("/admin/users", "/admin/tokens", "/admin/units", "/admin/series",
                         "/admin/fees", "/admin/profiles", "/admin/doctor",
                         "/admin/users/quantri"):  # fmt: skip
                assert other.get(path).status_code == 403, path
                assert client.get(path).status_code == 200, path
            made = other.post(
                "/admin/tokens", data={"csrf_token": other_csrf, "owner": "kiem", "label": "x"}
            )
            assert made.status_code == 403 and "sohoa_" not in made.text


def qr_text(pdf: Path, folder: Path) -> str:
    subprocess.run(
        ["pdftoppm", "-r", "200", "-png", "-singlefile", str(pdf), str(folder / "page")],
        check=True,
    )
    with Image.open(folder / "page.png") as picture:
        (code,) = zxingcpp.read_barcodes(picture, formats=zxingcpp.BarcodeFormat.QRCode)
    return str(code.text)


def test_an_admin_sets_up_the_office_and_anyone_checks_a_receipt(
    tmp_path: Path, page: Page, shoot: Shooter
) -> None:
    """In Chromium against `sohoa run`: a clerk, a token, a series and a unit's name are set
    up through the admin pages; a receipt issued at the counter then checks out publicly."""
    pki = make_test_pki(tmp_path / "pki")
    secret = tmp_path / "thu-phi.passphrase"
    secret.write_text(pki.passphrase, encoding="utf-8")
    (tmp_path / "sohoa.toml").write_text(
        '[signing]\nresult = "thu-phi"\n[signing.profiles.thu-phi]\n'
        f'pkcs12 = "{pki.signer_pkcs12}"\npassphrase_file = "{secret}"\n'
        'approvers = ["quantri"]\n[signing.profiles.thu-phi.appearance]\nkind = "agency"\n',
        encoding="utf-8",
    )
    data_dir = tmp_path / "var"
    add_user_cli(data_dir, "quantri", "admin")
    service = start_web(data_dir)
    try:
        page.goto(f"{service.url}/login")
        page.locator("input[name=name]").fill("quantri")
        page.locator("input[name=password]").fill(PASSWORD)
        page.get_by_role("button", name="Đăng nhập").click()
        expect(page).to_have_url(re.compile(r"/admin/users$"))

        page.locator("input[name=name]").fill("lan")
        page.locator("input[name=full_name]").fill("Nguyễn Thị Lan")
        page.get_by_role("checkbox", name="Cán bộ một cửa").check()
        page.locator("input[name=units]").fill("xa-an-binh")
        page.locator("input[name=password]").fill(NEW_PASSWORD)
        page.locator("input[name=password_again]").fill(NEW_PASSWORD)
        shoot(page, "admin-users")
        page.get_by_role("button", name="Thêm người dùng").click()
        expect(page.get_by_role("status")).to_contain_text("Đã thêm người dùng")
        page.locator("input[name=label]").fill("Hệ thống một cửa tỉnh")
        shoot(page, "admin-user")
        page.get_by_role("button", name="Tạo mã truy cập API").click()
        expect(page.locator("#token")).to_have_value(re.compile(r"^sohoa_"))
        shoot(page, "admin-token")

        page.get_by_role("link", name="Mẫu, ký hiệu biên lai").click()
        for name, value in {
            "form_symbol": "01BLP0-001", "series_symbol": "BI-26T",
            "organization": "UBND xã An Bình", "tax_code": "0312345678",
            "address": "Thôn Phú Lộc, xã An Bình", "unit": "xa-an-binh",
        }.items():  # fmt: skip
            page.locator(f"input[name={name}]").fill(value)
        page.get_by_role("button", name="Thêm ký hiệu").click()
        expect(page.get_by_role("status")).to_contain_text("Đã thêm ký hiệu biên lai")
        expect(page.locator("tbody")).to_contain_text("BI-26T")
        shoot(page, "admin-series")

        page.get_by_role("link", name="Đơn vị", exact=True).click()
        page.get_by_label("Tên mới của đơn vị xa-an-binh").fill("UBND xã An Bình")
        page.get_by_role("button", name="Lưu tên").click()
        expect(page.get_by_role("status")).to_contain_text("Đã đổi tên đơn vị")
        shoot(page, "admin-units")

        page.get_by_role("link", name="Hồ sơ ký số").click()
        expect(page.locator("tbody").first).to_contain_text("thu-phi")
        expect(page.locator("tbody").first).to_contain_text("Biên lai ký hiệu BI-26T")
        assert str(tmp_path) not in page.content() and pki.passphrase not in page.content()
        shoot(page, "admin-profiles")

        login = sohoa(data_dir, "login", "lan", "--password-env=P", P=NEW_PASSWORD)
        assert login.returncode == 0, login.stderr
        issued = sohoa(
            data_dir, "receipts", "issue", "--series", "BI-26T", "--payer", "Nguyễn Thị Lan",
            "--item", "Lệ phí chứng thực=8.000", "--json",
        )  # fmt: skip
        assert issued.returncode == 0, issued.stderr
        code = qr_text(Path(json.loads(issued.stdout)["pdf"]), tmp_path)
        page.get_by_role("button", name="Đăng xuất").click()
        page.goto(f"{service.url}/kiem-tra")
        page.locator("textarea[name=ma]").fill(code)
        page.get_by_role("button", name="Kiểm tra").click()
        expect(page.get_by_role("heading", name="Biên lai hợp lệ")).to_be_visible()
        expect(page.locator("table")).to_contain_text("N. T. L.")
        expect(page.locator("table")).to_contain_text("8.000 đ")
        shoot(page, "public-check")
    finally:
        service.stop()


def test_the_users_list_is_read_a_page_at_a_time(tmp_path: Path) -> None:
    with as_admin(tmp_path / "var", web={"page_size": 5}) as (services, client, _):
        for number in range(6):
            spec = UserSpec(f"can-bo-{number}", frozenset({Role.AUDITOR}), PASSWORD)
            add_user(services.store, spec, "test")
        first = client.get("/admin/users").text
        second = client.get("/admin/users?page=2").text
    assert first.count('href="/admin/users/can-bo-') == 5 and 'rel="next"' in first
    assert second.count('href="/admin/users/') == 2 and 'rel="next"' not in second
    assert "can-bo-5" in second and "quantri" in second and "can-bo-4" not in second
