"""The web interface under test: users made with the command line, the app in-process for
quick HTTP checks, and `sohoa run` serving it for the browser (with the browser's steps)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import httpx
from fastapi.testclient import TestClient

from config import load_settings
from service.compose import JobProcess, open_job_process
from service.web import create_app
from tests.support.service import Service, environment, sohoa, wait_for

if TYPE_CHECKING:
    from playwright.sync_api import Page

PASSWORD = "mật khẩu đủ dài 2026"
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def add_user(
    data_dir: Path, name: str, *roles: str, units: tuple[str, ...] = (), **settings: str
) -> None:
    arguments = [f"--role={role}" for role in roles] + [f"--unit={unit}" for unit in units]
    done = sohoa(
        data_dir,
        "users",
        "add",
        name,
        *arguments,
        "--password-env=TEST_PASSWORD",
        TEST_PASSWORD=PASSWORD,
        **settings,
    )
    assert done.returncode == 0, done.stderr


def person_at_the_terminal(
    data_dir: Path,
    name: str,
    *roles: str,
    units: tuple[str, ...] = (),
    full_name: str = "",
    **settings: str,
) -> None:
    """A user logged in at `data_dir`'s terminal: the commands run on it act for them.

    Made in this process (a token kept where `sohoa login` keeps it), which is quicker than
    two commands; `log_in_at_the_terminal` goes through `sohoa login` itself.
    """
    from accounts.api_tokens import create_api_token
    from accounts.users import UserSpec, add_user, parse_roles
    from service.cli_identity import keep_token
    from store.record import open_record

    loaded = load_settings(data_dir=data_dir, database_url=settings.get("SOHOA_DATABASE_URL"))
    record = open_record(loaded)
    try:
        spec = UserSpec(name, parse_roles(list(roles)), PASSWORD, units, full_name)
        add_user(record.store, spec, "test")
        token = create_api_token(record.store, name, "tests", "test")
    finally:
        record.close()
    keep_token(loaded, token, environment(data_dir, **settings))


def log_in_at_the_terminal(data_dir: Path, name: str, **settings: str) -> None:
    done = sohoa(
        data_dir, "login", name, "--password-env=TEST_PASSWORD", TEST_PASSWORD=PASSWORD, **settings
    )
    assert done.returncode == 0, done.stderr


@contextmanager
def web_services(data_dir: Path, **overrides: object) -> Iterator[JobProcess]:
    """What `sohoa run` opens, with its local job queue, for an in-process app."""
    process = open_job_process(
        load_settings(data_dir=data_dir, **overrides), "local", local_workers=2
    )
    try:
        yield process
    finally:
        process.close()


@contextmanager
def web_client(services: JobProcess) -> Iterator[TestClient]:
    with TestClient(create_app(services.context), base_url="http://127.0.0.1") as client:
        yield client


def csrf_of(html: str) -> str:
    found = _CSRF.search(html)
    assert found, "the page has no CSRF field"
    return found.group(1)


def log_in(client: TestClient | httpx.Client, name: str, password: str = PASSWORD) -> str:
    """Log in through the form; return the session's CSRF token for later posts."""
    form = client.get("/login")
    answer = client.post(
        "/login",
        data={"name": name, "password": password, "csrf_token": csrf_of(form.text)},
        follow_redirects=True,
    )
    assert answer.status_code == 200, answer.text[:500]
    return csrf_of(answer.text)


def browser_log_in(page: Page, url: str, name: str, password: str = PASSWORD) -> None:
    """Log in through the form at `url` as a person would; the home page follows."""
    page.goto(f"{url}/login")
    page.get_by_label("Tên đăng nhập").fill(name)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()


def wait_for_images(page: Page, selector: str) -> None:
    """Wait until every image `selector` matches is drawn (a broken one has no width)."""
    page.wait_for_function(
        "selector => [...document.querySelectorAll(selector)]"
        ".every(i => i.complete && i.naturalWidth > 0)",
        arg=selector,
    )


class WebService(Service):
    """`sohoa run` with its web interface on a free port."""

    @property
    def url(self) -> str:
        for line in self.log.read_text().splitlines():
            if '"service.started"' in line:
                return str(json.loads(line)["web"])
        raise AssertionError("the service has not said where its web interface is")


def start_web(data_dir: Path, **settings: str) -> WebService:
    service = WebService(data_dir, **settings)
    wait_for(lambda: bool(service.url), 10, service.log)
    return service
