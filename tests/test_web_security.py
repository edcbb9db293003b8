"""The web interface refuses what it must: other roles' actions, forged forms, paths out of
the data directory; and no page or API answer ever carries a passphrase or a PIN."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import get_args
from urllib.parse import urljoin, urlsplit

import pytest
from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from starlette.routing import BaseRoute

from accounts.users import WebUser
from service.web.files import data_file
from store.archive import Layout
from store.schema import AuditRecord
from store.states import Role
from tests.support.pki import ThrowawayPki
from tests.support.service import sohoa
from tests.support.web import (
    PASSWORD,
    add_user,
    log_in,
    log_in_at_the_terminal,
    web_client,
    web_services,
)

pytest_plugins = ("tests.support.signing_fixtures",)

UNIT = "xa-an-binh"
PASSPHRASE_VARIABLE = "SOHOA_TEST_SECRET_PASSPHRASE"
PIN_VARIABLE = "SOHOA_TEST_SECRET_PIN"
PIN = "864213579"
USERS = {Role.CLERK: "lan", Role.OFFICER: "hung", Role.AUDITOR: "mai", Role.ADMIN: "quan"}
PREFIXES = {
    Role.CLERK: "/clerk/",
    Role.OFFICER: "/officer/",
    Role.AUDITOR: "/auditor/",
    Role.ADMIN: "/admin/",
}
# Pages several roles share, each limited to what the user may see.
SHARED = {
    "/documents": frozenset(Role),
    "/search": frozenset({Role.CLERK, Role.AUDITOR}),
}
PUBLIC = {"/", "/login", "/logout", "/kiem-tra", "/metrics"}  # /metrics: loopback or a token


@dataclass(frozen=True)
class Site:
    data_dir: Path
    secrets: tuple[str, ...]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, pki: ThrowawayPki) -> Iterator[Site]:
    """One user per role, a series whose key opens with a passphrase from the environment, a
    second profile on a token whose PIN is in the environment, one receipt issued."""
    folder = tmp_path_factory.mktemp("office")
    data_dir = folder / "var"
    (folder / "sohoa.toml").write_text(
        "[signing.profiles.thu-phi]\n"
        f'pkcs12 = "{pki.signer_pkcs12}"\npassphrase_env = "{PASSPHRASE_VARIABLE}"\n'
        f'chain = ["{pki.intermediate_cert}"]\ntrust_roots = ["{pki.root_cert}"]\n'
        'approvers = ["hung"]\n'
        "[signing.profiles.the-token]\n"
        'pkcs11_module = "/usr/lib/softhsm/libsofthsm2.so"\ntoken_label = "so-hoa"\n'
        f'key_label = "ky-so"\npin_env = "{PIN_VARIABLE}"\n',
        encoding="utf-8",
    )
    secrets = {PASSPHRASE_VARIABLE: pki.passphrase, PIN_VARIABLE: PIN}
    for role, name in USERS.items():
        add_user(data_dir, name, role, units=(UNIT,) if role == Role.CLERK else ())
    log_in_at_the_terminal(data_dir, USERS[Role.CLERK])
    added = sohoa(
        data_dir, "receipts", "series", "add", "--form", "01BLP0-001", "--series", "BI-26T",
        "--organization", "UBND xã An Bình", "--tax-code", "0312345678",
        "--address", "Thôn Phú Lộc", "--profile", "thu-phi", "--unit", UNIT, **secrets,
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    issued = sohoa(
        data_dir, "receipts", "issue", "--series", "BI-26T", "--payer", "Nguyễn Thị Hoà",
        "--item", "Lệ phí chứng thực=2000", **secrets,
    )  # fmt: skip
    assert issued.returncode == 0, issued.stderr
    with pytest.MonkeyPatch.context() as environment:
        for variable, value in secrets.items():
            environment.setenv(variable, value)
        environment.chdir(folder)
        yield Site(data_dir, (pki.passphrase, PIN, str(pki.signer_pkcs12)))


@pytest.fixture(scope="module")
def app_and_clients(
    site: Site,
) -> Iterator[tuple[FastAPI, dict[Role, TestClient], dict[Role, str]]]:
    """One logged-in client per role, and each one's CSRF token."""
    with web_services(site.data_dir) as services, ExitStack() as stack:
        clients = {role: stack.enter_context(web_client(services)) for role in USERS}
        tokens = {role: log_in(client, USERS[role]) for role, client in clients.items()}
        app = clients[Role.ADMIN].app
        assert isinstance(app, FastAPI)
        yield app, clients, tokens


def api_routes(routes: Sequence[BaseRoute]) -> Iterator[APIRoute]:
    """Every route of the app, through included routers (newer FastAPI keeps them nested)."""
    for route in routes:
        included = getattr(route, "original_router", None)
        if included is not None:
            yield from api_routes(included.routes)
        elif isinstance(route, APIRoute):
            yield route


def page_routes(app: FastAPI) -> list[APIRoute]:
    return [
        route
        for route in api_routes(app.routes)
        if not route.path.startswith("/api/")
        and route.path not in PUBLIC
        and not route.path.startswith("/kiem-tra")
    ]


def owners(path: str) -> frozenset[Role] | None:
    """The roles a page's path says it serves: its role's prefix, or a shared page's roles."""
    for prefix, roles in SHARED.items():
        if path == prefix or path.startswith(prefix + "/"):
            return roles
    for role, prefix in PREFIXES.items():
        if path.startswith(prefix):
            return frozenset({role})
    return None


def declared_roles(route: APIRoute) -> frozenset[Role] | None:
    for dependency in route.dependant.dependencies:
        roles = getattr(dependency.call, "roles", None)
        if roles is not None:
            return frozenset(roles)
    return None


def concrete(path: str) -> str:
    """A route's path with each parameter filled in (`{id}` → 1)."""
    return re.sub(r"\{[^}]+\}", "1", path)


def test_every_page_route_serves_exactly_the_role_its_path_names(
    app_and_clients: tuple[FastAPI, dict[Role, TestClient], dict[Role, str]],
) -> None:
    app, _, _ = app_and_clients
    routes = page_routes(app)
    assert len(routes) > 20
    for route in routes:
        roles = owners(route.path)
        assert roles is not None, f"{route.path} is under no role's prefix"
        assert declared_roles(route) == roles, route.path


def test_each_role_is_refused_on_every_other_roles_actions(
    app_and_clients: tuple[FastAPI, dict[Role, TestClient], dict[Role, str]],
) -> None:
    app, clients, tokens = app_and_clients
    refusals = 0
    for route in page_routes(app):
        served = declared_roles(route) or frozenset()
        for role, client in clients.items():
            if role in served:
                continue
            for method in route.methods or set():
                answer = client.request(
                    method, concrete(route.path), data={"csrf_token": tokens[role]},
                    follow_redirects=False,
                )  # fmt: skip
                assert answer.status_code == 403, (role, method, route.path, answer.status_code)
                refusals += 1
    assert refusals > 60


def test_nobody_logged_in_is_sent_to_the_login_form_or_refused(
    site: Site, app_and_clients: tuple[FastAPI, dict[Role, TestClient], dict[Role, str]]
) -> None:
    app, _, _ = app_and_clients
    with web_services(site.data_dir) as services, web_client(services) as anonymous:
        for route in page_routes(app):
            for method in route.methods or set():
                answer = anonymous.request(method, concrete(route.path), follow_redirects=False)
                if method == "GET":
                    assert answer.status_code == 303, route.path
                    assert answer.headers["location"].startswith("/login?next=")
                else:
                    assert answer.status_code == 401, route.path


def test_a_form_without_its_csrf_token_changes_nothing(
    site: Site, app_and_clients: tuple[FastAPI, dict[Role, TestClient], dict[Role, str]]
) -> None:
    app, clients, _ = app_and_clients
    with web_services(site.data_dir) as services:

        def entries() -> int:
            with services.store.reading() as session:
                return session.scalar(select(func.count()).select_from(AuditRecord)) or 0

        before = entries()
        posts = 0
        for route in page_routes(app):
            if "POST" not in (route.methods or set()):
                continue
            owner = min(declared_roles(route) or ())  # any role the page serves
            client = clients[owner]
            for data in ({}, {"csrf_token": "forged-token"}):
                answer = client.post(concrete(route.path), data=data, follow_redirects=False)
                assert answer.status_code == 403, (route.path, answer.status_code)
                posts += 1
        assert posts > 10
        assert entries() == before


HUGE = "9" * 25  # overflows the database's 64-bit integers


def _whole_number_fields(dependant: Dependant) -> Iterator[tuple[str, str]]:
    """(where, name) of every whole-number parameter a route reads, its dependencies' too."""
    places = (
        ("path", dependant.path_params),
        ("query", dependant.query_params),
        ("form", dependant.body_params),
    )
    for where, fields in places:
        for field in fields:
            annotation = field.field_info.annotation
            if annotation is int or int in get_args(annotation) or annotation == list[int]:
                yield where, field.alias
    for child in dependant.dependencies:
        yield from _whole_number_fields(child)


def test_no_route_fails_on_a_number_no_database_can_hold(
    app_and_clients: tuple[FastAPI, dict[Role, TestClient], dict[Role, str]],
) -> None:
    app, clients, tokens = app_and_clients
    tried = 0
    for route in page_routes(app):
        owner = min(declared_roles(route) or ())  # any role the page serves
        for where, name in _whole_number_fields(route.dependant):
            path = re.sub(r"\{" + name + r"(:\w+)?\}", HUGE, route.path)
            path = concrete(path)
            for method in route.methods or set():
                data = {"csrf_token": tokens[owner]} if method == "POST" else {}
                if where == "form":
                    data[name] = HUGE
                params = {name: HUGE} if where == "query" else {}
                answer = clients[owner].request(
                    method, path, data=data or None, params=params, follow_redirects=False
                )
                assert answer.status_code < 500, (method, path, where, name, answer.text[-800:])
                if where == "path":
                    assert answer.status_code == 404, (method, path)
                tried += 1
    assert tried > 20


def test_download_urls_cannot_leave_the_data_directory(
    site: Site, app_and_clients: tuple[FastAPI, dict[Role, TestClient], dict[Role, str]]
) -> None:
    app, clients, _ = app_and_clients
    attacks = (
        "..%2F..%2Fsohoa.db",
        "..%2F..%2F..%2Fetc%2Fpasswd",
        "%2Fetc%2Fpasswd",
        "....//sohoa.db",
    )
    tried = 0
    for route in api_routes(app.routes):
        if "GET" not in (route.methods or set()) or "{" not in route.path:
            continue
        roles = declared_roles(route) or frozenset(Role)
        client = clients[next(iter(roles))]
        for attack in attacks:
            path = re.sub(r"\{[^}]+\}", attack, route.path, count=1)
            answer = client.get(concrete(path), follow_redirects=False)
            assert answer.status_code in (400, 401, 403, 404, 422), (path, answer.status_code)
            assert b"SQLite format 3" not in answer.content and b"root:x:0" not in answer.content
            tried += 1
    assert tried > 20
    layout = Layout(site.data_dir)
    for relative in ("../sohoa.toml", "/etc/passwd", "outputs/../../sohoa.toml", "a\\..\\b"):
        with pytest.raises(Exception, match="404"):
            data_file(layout, relative)


def test_no_page_or_api_answer_carries_a_passphrase_pin_or_key_path(
    site: Site, app_and_clients: tuple[FastAPI, dict[Role, TestClient], dict[Role, str]]
) -> None:
    app, clients, _ = app_and_clients
    fetched = 0
    for role, client in clients.items():
        for url, body in crawl(client, PREFIXES[role].rstrip("/") + "/", limit=120):
            for secret in site.secrets:
                assert secret.encode() not in body, (role, url)
            fetched += 1
    token = sohoa(site.data_dir, "users", "token", USERS[Role.ADMIN], "--label", "kiểm tra")
    assert token.returncode == 0, token.stderr
    with web_services(site.data_dir) as services, web_client(services) as api:
        api.headers["Authorization"] = f"Bearer {token.stdout.strip()}"
        for route in api_routes(app.routes):
            if route.path.startswith("/api/") and "GET" in (route.methods or set()):
                answer = api.get(concrete(route.path))
                for secret in site.secrets:
                    assert secret.encode() not in answer.content, route.path
                fetched += 1
    assert fetched > 30


def crawl(client: TestClient, start: str, limit: int) -> Iterator[tuple[str, bytes]]:
    """Follow the site's own links from `start`, never a form or the logout."""
    seen: set[str] = set()
    waiting = [start]
    while waiting and len(seen) < limit:
        url = waiting.pop(0)
        if url in seen:
            continue
        seen.add(url)
        answer = client.get(url)
        yield url, answer.content
        if "text/html" not in answer.headers.get("content-type", ""):
            continue
        for link in re.findall(r'(?:href|src)="([^"#]+)"', answer.text):
            target = urljoin(url, link.replace("&amp;", "&"))
            if urlsplit(target).netloc in ("", "127.0.0.1") and "/logout" not in target:
                path = urlsplit(target)._replace(scheme="", netloc="").geturl()
                if path not in seen and not path.startswith("/static/"):
                    waiting.append(path)


def test_a_users_password_hash_never_shows(site: Site) -> None:
    listed = sohoa(site.data_dir, "users", "list")
    assert "$argon2" not in listed.stdout and PASSWORD not in listed.stdout
    assert WebUser.__dataclass_fields__.keys().isdisjoint({"password", "password_hash"})
