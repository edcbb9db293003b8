"""Attacks on a running `sohoa run` that must do no harm: bodies too large for their route,
logins sent at once or spread over names and addresses, forged forwarding headers."""

from __future__ import annotations

import re
import socket
import struct
import threading
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest
from PIL import Image, ImageDraw
from sqlalchemy import func, select

from store.schema import AuditRecord, DocumentRecord
from tests.support.pages import font
from tests.support.service import open_record, wait_for
from tests.support.web import PASSWORD, WebService, add_user, csrf_of, start_web

MIB = 1024 * 1024
WRONG = "không phải mật khẩu"
NAMES = ("hung", "spray1", "spray2", "spray3", "spray4", "spray5", "spray6", "chu", "nhom")
BOMB_SIDE = 30_000  # a 1-bit page of 900 million pixels: about 100 KB of PNG


@dataclass(frozen=True)
class Site:
    service: WebService
    host: str
    port: int

    @property
    def rss(self) -> int:
        """The service's resident memory, in bytes."""
        status = Path(f"/proc/{self.service.process.pid}/status").read_text()
        found = re.search(r"VmRSS:\s+(\d+) kB", status)
        assert found
        return int(found.group(1)) * 1024

    def client(self, source: str = "127.0.0.1") -> httpx.Client:
        """A client whose connections come from `source` (any address of the loopback net)."""
        transport = httpx.HTTPTransport(local_address=source)
        return httpx.Client(base_url=self.service.url, transport=transport, timeout=60)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    data_dir = tmp_path_factory.mktemp("hardening") / "var"
    for name in NAMES:
        add_user(data_dir, name, "officer")
    add_user(data_dir, "lan", "clerk", units=("xa-an-binh",))
    # As an older install under umask 022 left it: open to everyone.
    data_dir.chmod(0o755)
    (data_dir / "sohoa.db").chmod(0o644)
    service = start_web(
        data_dir,
        SOHOA_WEB__PUBLIC_CHECKS_PER_MINUTE="5",
        SOHOA_WEB__MAX_NAME_DELAY_SECONDS="3",
    )
    try:
        address = urlsplit(service.url)
        assert address.hostname and address.port
        yield Site(service, address.hostname, address.port)
    finally:
        service.stop()


def raw_post(site: Site, path: str, head: dict[str, str], chunks: Iterator[bytes]) -> int:
    """POST through a bare socket, as an attacker would; the status the service answers."""
    with socket.create_connection((site.host, site.port), timeout=60) as connection:
        lines = [f"POST {path} HTTP/1.1", f"Host: {site.host}", *(f"{k}: {v}" for k, v in
                 head.items())]  # fmt: skip
        connection.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
        try:
            for chunk in chunks:
                connection.sendall(chunk)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the service answered and closed before the body ended: as it should
        answer = b""
        while b"\r\n" not in answer:
            received = connection.recv(4096)
            if not received:
                break
            answer += received
    return int(answer.split(b" ", 2)[1])


def test_a_declared_huge_body_is_refused_before_a_byte_is_read(site: Site) -> None:
    before = site.rss
    head = {"Content-Type": "application/json", "Content-Length": str(600 * MIB)}
    status = raw_post(site, "/api/dossiers", head, iter([b'{"dossiers": [' + b" " * MIB]))
    assert status == 413
    assert site.rss - before < 20 * MIB


def test_a_chunked_body_is_cut_off_at_its_routes_limit(site: Site) -> None:
    def chunked(total: int) -> Iterator[bytes]:
        piece = b" " * MIB
        for _ in range(total // MIB):
            yield f"{len(piece):x}\r\n".encode() + piece + b"\r\n"
        yield b"0\r\n\r\n"

    before = site.rss
    head = {"Content-Type": "application/json", "Transfer-Encoding": "chunked"}
    assert raw_post(site, "/api/dossiers", head, chunked(64 * MIB)) == 413  # JSON: 8 MiB
    form = {"Content-Type": "application/x-www-form-urlencoded", "Transfer-Encoding": "chunked"}
    assert raw_post(site, "/login", form, chunked(2 * MIB)) == 413  # a form: 256 KiB
    assert site.rss - before < 40 * MIB
    with site.client() as client:  # bodies within the limits are read as before
        small = client.post("/api/dossiers", json={"dossiers": []})
        assert small.status_code == 401


def _failures(site: Site, name: str) -> int:
    store = open_record(site.service.data_dir)
    try:
        with store.reading() as session:
            return (
                session.scalar(
                    select(func.count()).where(
                        AuditRecord.action == "user.login_failed",
                        AuditRecord.subject == f"user:{name}",
                    )
                )
                or 0
            )
    finally:
        store.dispose()


def _login(client: httpx.Client, name: str, password: str) -> httpx.Response:
    form = client.get("/login")
    return client.post(
        "/login", data={"name": name, "password": password, "csrf_token": csrf_of(form.text)}
    )


def test_forty_logins_at_once_make_only_the_allowed_checks(site: Site) -> None:
    """40 wrong passwords sent together: five are checked, the rest wait, and so does the
    right password after them. (A right password among the first five would log in, as it
    should, and start the count again: hence all wrong here, so the count is exact.)"""
    passwords = [WRONG] * 40
    clients = [site.client() for _ in passwords]
    forms = [csrf_of(client.get("/login").text) for client in clients]
    start = threading.Barrier(len(passwords))
    statuses: list[int] = []

    def attempt(client: httpx.Client, token: str, password: str) -> None:
        start.wait()
        answer = client.post(
            "/login", data={"name": "hung", "password": password, "csrf_token": token}
        )
        statuses.append(answer.status_code)

    threads = [
        threading.Thread(target=attempt, args=arguments)
        for arguments in zip(clients, forms, passwords, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for client in clients:
        client.close()
    assert statuses.count(401) == 5 and statuses.count(429) == 35, sorted(statuses)
    assert _failures(site, "hung") == 5
    with site.client() as client:  # the right password now waits like the rest
        assert _login(client, "hung", PASSWORD).status_code == 429


def test_spraying_a_few_guesses_over_many_names_slows_the_address(site: Site) -> None:
    with site.client("127.0.0.21") as client:
        answers = [
            _login(client, name, WRONG).status_code
            for name in ("spray1", "spray2", "spray3", "spray4", "spray5")
            for _ in range(4)
        ]
        assert answers == [401] * 20  # never five on one name
        held = _login(client, "spray6", PASSWORD)
        assert held.status_code == 429 and int(held.headers["retry-after"]) >= 25
    with site.client("127.0.0.22") as elsewhere:  # other addresses go on
        assert _login(elsewhere, "spray6", PASSWORD).status_code == 303


def test_guesses_from_many_addresses_cannot_lock_the_owner_out(site: Site) -> None:
    for host in (30, 31):  # two addresses, five guesses each: the name's allowance of ten
        with site.client(f"127.0.0.{host}") as client:
            assert [_login(client, "chu", WRONG).status_code for _ in range(5)] == [401] * 5
            assert _login(client, "chu", PASSWORD).status_code == 429  # that address waits
    with site.client("127.0.0.32") as third:  # a third address is slowed too, a little
        slowed = _login(third, "chu", WRONG)
        assert slowed.status_code == 429 and int(slowed.headers["retry-after"]) <= 3
    with site.client("127.0.0.40") as owner:
        first = _login(owner, "chu", PASSWORD)
        if first.status_code == 429:  # the name is slowed everywhere, but briefly
            waited = int(first.headers["retry-after"])
            assert waited <= 3
            threading.Event().wait(waited + 0.2)
            first = _login(owner, "chu", PASSWORD)
        assert first.status_code == 303


def test_forged_forwarding_headers_do_not_beat_the_public_check_limit(site: Site) -> None:
    statuses = []
    with site.client("127.0.0.50") as client:
        for number in range(8):
            forged = {"X-Forwarded-For": f"203.0.113.{number}"}
            answer = client.get("/kiem-tra", params={"ma": "SOHOA-BL1|x"}, headers=forged)
            statuses.append(answer.status_code)
    assert statuses == [200] * 5 + [429] * 3


def test_nothing_in_the_data_directory_is_open_to_others(site: Site) -> None:
    data_dir = site.service.data_dir
    scan = Image.new("L", (1240, 400), 255)
    ImageDraw.Draw(scan).text((80, 150), "Giấy đề nghị", font=font(56), fill=0)
    folder = data_dir / "inbox" / "xa-an-binh" / "intake"
    folder.mkdir(parents=True, exist_ok=True)
    scan.save(folder / "de-nghi.png", dpi=(200, 200))
    wait_for(lambda: any((data_dir / "outputs").rglob("*.pdf")), 120, site.service.log)
    modes = {
        path.relative_to(data_dir).as_posix(): path.stat().st_mode & 0o777
        for path in (data_dir, *data_dir.rglob("*"))
        if not path.is_relative_to(folder.parent)  # the clerk made those, not the service
    }
    open_to_others = {path: oct(mode) for path, mode in modes.items() if mode & 0o007}
    assert open_to_others == {}
    assert modes["."] == 0o750 and modes["inbox"] == 0o770
    assert modes["sohoa.db"] == 0o640 and modes.get("sohoa.db-wal", 0o640) == 0o640
    (output,) = [path for path in modes if path.startswith("outputs/") and path.endswith(".pdf")]
    assert modes[output] == 0o640
    assert all(mode == 0o440 for path, mode in modes.items() if _archived(path))


def _archived(path: str) -> bool:
    parts = path.split("/")
    return len(parts) == 4 and parts[0] == "archive" and len(parts[3]) == 64


def write_bomb(path: Path) -> None:
    """A real, decodable 30000×30000 1-bit PNG, written row by row (never whole in memory)."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    squeeze = zlib.compressobj(9)
    row = b"\x00" + b"\xff" * (BOMB_SIDE // 8)  # filter byte, then white pixels
    rows = b"".join(squeeze.compress(row) for _ in range(BOMB_SIDE)) + squeeze.flush()
    header = struct.pack(">IIBBBBB", BOMB_SIDE, BOMB_SIDE, 1, 0, 0, 0, 0)
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", rows)
        + chunk(b"IEND", b"")
    )  # fmt: skip


def test_the_preview_of_a_quarantined_bomb_is_refused_without_decoding_it(site: Site) -> None:
    data_dir = site.service.data_dir
    folder = data_dir / "inbox" / "xa-an-binh" / "intake"
    folder.mkdir(parents=True, exist_ok=True)
    write_bomb(folder / "bom.png")
    reason = data_dir / "quarantine" / "xa-an-binh" / "bom.png.reason.txt"
    wait_for(reason.exists, 120, site.service.log)
    store = open_record(data_dir)
    try:
        with store.reading() as session:
            bomb = session.scalars(
                select(DocumentRecord).where(DocumentRecord.original_name == "bom.png")
            ).one()
    finally:
        store.dispose()
    before = site.rss
    with site.client() as client:
        form = client.get("/login")
        token = csrf_of(form.text)
        client.post("/login", data={"name": "lan", "password": PASSWORD, "csrf_token": token})
        preview = client.get(f"/clerk/documents/{bomb.id}/pages/1.png")
    assert preview.status_code in (404, 413), preview.status_code
    assert site.rss - before < 50 * MIB
