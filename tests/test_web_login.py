"""Logging in to the web interface: passwords, sessions, throttling, and `sohoa users`."""

from __future__ import annotations

import json
import re
import socket
import subprocess
import time
from pathlib import Path

from sqlalchemy import select

from store.schema import AuditRecord, UserRecord
from tests.support.service import SOHOA, environment, sohoa
from tests.support.web import PASSWORD, add_user, csrf_of, web_client, web_services


def login_attempt(client: object, name: str, password: str, next: str = "/") -> object:
    from fastapi.testclient import TestClient

    assert isinstance(client, TestClient)
    form = client.get("/login")
    return client.post(
        "/login",
        data={"name": name, "password": password, "csrf_token": csrf_of(form.text), "next": next},
        follow_redirects=False,
    )


def test_users_are_added_listed_and_given_new_passwords_on_the_command_line(
    tmp_path: Path,
) -> None:
    data_dir = tmp_path / "var"
    add_user(data_dir, "lan", "clerk", units=("xa-an-binh",))
    add_user(data_dir, "hung", "officer", "auditor")
    listed = sohoa(data_dir, "users", "list")
    assert listed.returncode == 0, listed.stderr
    assert "lan" in listed.stdout and "xa-an-binh" in listed.stdout
    assert "auditor, officer" in listed.stdout
    assert "argon2" not in listed.stdout

    short = sohoa(data_dir, "users", "add", "binh", "--role=admin", "--password-env=P", P="ngắn")
    assert short.returncode == 1 and "at least 12 characters" in short.stderr
    for common in ("password2026!", "qwertyuiop12", "1qaz2wsx3edc", "abcabcabcabc"):
        refused = sohoa(
            data_dir, "users", "add", "binh", "--role=admin", "--password-env=P", P=common
        )
        assert refused.returncode == 1 and "most common" in refused.stderr, common
    unitless = sohoa(
        data_dir, "users", "add", "binh", "--role=clerk", "--password-env=P", P=PASSWORD
    )
    assert unitless.returncode == 1 and "needs at least one unit" in unitless.stderr
    twice = sohoa(data_dir, "users", "add", "LAN", "--role=admin", "--password-env=P", P=PASSWORD)
    assert twice.returncode == 1 and "already" in twice.stderr

    changed = sohoa(data_dir, "users", "passwd", "lan", "--password-env=P", P="mật khẩu mới dài")
    assert changed.returncode == 0, changed.stderr
    with web_services(data_dir) as services, web_client(services) as client:
        assert login_attempt(client, "lan", PASSWORD).status_code == 401
        assert login_attempt(client, "lan", "mật khẩu mới dài").status_code == 303
        with services.store.reading() as session:
            stored = session.scalars(select(UserRecord.password_hash)).all()
    assert all(value.startswith("$argon2id$") for value in stored)


def test_the_first_admin_types_the_password_at_a_prompt(tmp_path: Path) -> None:
    data_dir = tmp_path / "var"
    typed = subprocess.run(
        [str(SOHOA), "users", "add", "boss", "--role", "admin"],
        input=f"{PASSWORD}\n{PASSWORD}\n",
        env=environment(data_dir),
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert typed.returncode == 0, typed.stderr
    assert "User boss added (admin)." in typed.stdout
    assert PASSWORD not in typed.stdout + typed.stderr
    with web_services(data_dir) as services, web_client(services) as client:
        answer = login_attempt(client, "boss", PASSWORD)
    assert answer.status_code == 303 and answer.headers["location"] == "/admin/users"


def test_a_login_sets_a_guarded_cookie_and_logout_ends_it(tmp_path: Path) -> None:
    data_dir = tmp_path / "var"
    add_user(data_dir, "hung", "officer")
    with web_services(data_dir) as services, web_client(services) as client:
        answer = login_attempt(client, "hung", PASSWORD)
        assert answer.status_code == 303
        assert answer.headers["location"] == "/officer/batches"
        cookie = answer.headers["set-cookie"]
        assert "sohoa_session=" in cookie and "HttpOnly" in cookie and "SameSite=lax" in cookie
        home = client.get("/", follow_redirects=False)
        assert home.status_code == 303 and home.headers["location"] == "/officer/batches"
        token = csrf_of(client.get("/officer/batches").text)

        refused = client.post("/logout", follow_redirects=False)
        assert refused.status_code == 403  # no CSRF token: not logged out
        out = client.post("/logout", data={"csrf_token": token}, follow_redirects=False)
        assert out.status_code == 303
        after = client.get("/officer/batches", follow_redirects=False)
        assert after.status_code == 303 and after.headers["location"].startswith("/login")
        with services.store.reading() as session:
            actions = session.execute(select(AuditRecord.action, AuditRecord.actor)).all()
    assert ("user.logged_in", "web:hung") in actions
    assert ("user.logged_out", "web:hung") in actions


def test_a_wrong_password_says_nothing_about_the_name(tmp_path: Path) -> None:
    data_dir = tmp_path / "var"
    add_user(data_dir, "hung", "officer")
    with web_services(data_dir) as services, web_client(services) as client:
        wrong = login_attempt(client, "hung", "sai mật khẩu rồi")
        unknown = login_attempt(client, "khong-co-ai", "sai mật khẩu rồi")
    assert wrong.status_code == unknown.status_code == 401
    assert "Sai tên đăng nhập hoặc mật khẩu" in wrong.text
    assert without_tokens(wrong.text) == without_tokens(unknown.text)


def without_tokens(html: str) -> str:
    return re.sub(r'name="csrf_token" value="[^"]+"', "", html)


def test_five_wrong_passwords_in_a_row_slow_the_next_attempt(tmp_path: Path) -> None:
    data_dir = tmp_path / "var"
    add_user(data_dir, "hung", "officer")
    with (
        web_services(data_dir, web={"login_delay_seconds": 2}) as services,
        web_client(services) as client,
    ):
        for _ in range(5):
            assert login_attempt(client, "hung", "sai mật khẩu rồi").status_code == 401
        held = login_attempt(client, "hung", PASSWORD)  # even the right password waits
        assert held.status_code == 429
        assert 1 <= int(held.headers["retry-after"]) <= 2
        assert "Hãy thử lại sau" in held.text
        other = login_attempt(client, "lan", "sai mật khẩu rồi")  # other names go on
        assert other.status_code == 401
        time.sleep(2.1)
        assert login_attempt(client, "hung", PASSWORD).status_code == 303
        with services.store.reading() as session:
            failures = session.scalars(
                select(AuditRecord).where(AuditRecord.action == "user.login_failed")
            ).all()
    assert len(failures) == 6


def test_the_login_form_needs_its_token_and_never_redirects_away(tmp_path: Path) -> None:
    data_dir = tmp_path / "var"
    add_user(data_dir, "hung", "officer")
    with web_services(data_dir) as services, web_client(services) as client:
        forged = client.post(
            "/login", data={"name": "hung", "password": PASSWORD}, follow_redirects=False
        )
        assert forged.status_code == 403
        away = login_attempt(client, "hung", PASSWORD, next="//evil.example/")
        assert away.headers["location"] == "/officer/batches"
        client.cookies.clear()
        back = login_attempt(client, "hung", PASSWORD, next="/officer/signed")
        assert back.headers["location"] == "/officer/signed"


def test_a_page_asked_for_without_login_leads_to_the_login_form(tmp_path: Path) -> None:
    with web_services(tmp_path / "var") as services, web_client(services) as client:
        answer = client.get("/auditor/rates", follow_redirects=False)
        assert answer.status_code == 303
        assert answer.headers["location"] == "/login?next=/auditor/rates"
        page = client.get("/login")
        assert 'lang="vi"' in page.text and "Đăng nhập" in page.text
        assert "frame-ancestors 'none'" in page.headers["content-security-policy"]


def test_sohoa_run_names_the_port_it_cannot_take(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        completed = sohoa(tmp_path / "var", "run", "--port", str(port), timeout=120)
    assert completed.returncode == 5
    assert f"cannot listen on 127.0.0.1:{port}" in completed.stderr


def test_a_password_reset_revokes_the_users_api_tokens(tmp_path: Path) -> None:
    data_dir = tmp_path / "var"
    add_user(data_dir, "lan", "clerk", units=("xa-an-binh",))
    made = sohoa(data_dir, "users", "token", "lan", "--label", "một cửa")
    assert made.returncode == 0, made.stderr
    token = re.findall(r"sohoa_\S+", made.stdout)[0]
    with web_services(data_dir) as services, web_client(services) as client:
        bearer = {"Authorization": f"Bearer {token}"}
        assert client.get("/api/dossiers/H57.132-261008-0975", headers=bearer).status_code == 404
        reset = sohoa(data_dir, "users", "passwd", "lan", "--password-env=P", P="mật khẩu mới dài")
        assert reset.returncode == 0, reset.stderr
        assert client.get("/api/dossiers/H57.132-261008-0975", headers=bearer).status_code == 401
        with services.store.reading() as session:
            changed = session.scalars(
                select(AuditRecord).where(AuditRecord.action == "user.password_changed")
            ).one()
    assert json.loads(changed.details)["tokens_revoked"] == [1]
