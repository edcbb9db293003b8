"""The search page on 100,000 documents, against the login page, in-process.

Not part of `make test`. By hand, from the repository root:

    .venv/bin/python bench/search_bench.py [--documents N] [--runs N] [--out FILE]

A fresh embedded (SQLite) record gets `--documents` documents in five units, each with a page
of Vietnamese text (an office's usual words, a procedure among twenty, a person's name),
inserted in bulk so that the database fills its search index as it does for the intake. The
real app then answers, in-process, a two-word search an auditor (every unit) and a clerk (one
unit) would type: one about one procedure in twenty ("khai sinh", about 5 % of the pages), and
one of words on every page ("uy ban", the worst case: every document matches and is counted).
Each is asked once to warm the caches, then `--runs` times (default 20); the median counts,
with the login page's median in the same run as the baseline. Targets: under 300 ms and at
most 3× the login page.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

if not __package__:  # run as a file: the repository's packages must be importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from fastapi.testclient import TestClient
from sqlalchemy import insert

from accounts.users import UserSpec, add_user, parse_roles
from bench.web_office import insert_in_chunks
from config import load_settings
from dossiers.folding import fold
from service.compose import open_job_process
from service.web import create_app
from store.database import Store
from store.migrate import upgrade
from store.schema import DocumentRecord, PageRecord, UnitRecord
from tests.support.web import PASSWORD, log_in

DEFAULT_OUT = Path(__file__).resolve().parent / "search-results.md"
TARGET_MS = 300.0
TARGET_RATIO = 3.0
UNITS = ("xa-an-binh", "xa-phu-loc", "xa-tan-my", "xa-hoa-an", "xa-my-thanh")
COMMON = (
    "Ủy ban nhân dân xã, Bộ phận tiếp nhận và trả kết quả. Cộng hòa xã hội chủ nghĩa Việt "
    "Nam, Độc lập - Tự do - Hạnh phúc. Hồ sơ đã được tiếp nhận đầy đủ theo quy định; công "
    "dân nhận kết quả tại bộ phận một cửa theo ngày hẹn ghi trên phiếu."
)
PROCEDURES = (
    "đăng ký khai sinh", "đăng ký kết hôn", "đăng ký khai tử", "chứng thực bản sao",
    "chứng thực chữ ký", "cấp giấy chứng nhận quyền sử dụng đất", "đăng ký thường trú",
    "xác nhận tình trạng hôn nhân", "cấp phiếu lý lịch tư pháp", "đăng ký giám hộ",
    "thay đổi cải chính hộ tịch", "đăng ký nhận cha mẹ con", "cấp bản sao trích lục",
    "đăng ký tạm trú", "hỗ trợ hộ nghèo", "trợ cấp xã hội hằng tháng", "cấp phép xây dựng",
    "hòa giải tranh chấp đất đai", "đăng ký hộ kinh doanh", "xác nhận thu nhập",
)  # fmt: skip
FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi")
MIDDLE = ("Văn", "Thị", "Hữu", "Đức", "Minh", "Thanh", "Ngọc", "Quốc")
GIVEN = (
    "An", "Bình", "Cường", "Dũng", "Đức", "Giang", "Hà", "Hải", "Hoà", "Hùng", "Hương",
    "Lan", "Linh", "Long", "Mai", "Nam", "Nga", "Phúc", "Quân", "Sơn", "Tâm", "Thảo", "Trang",
    "Tuấn", "Việt", "Yến",
)  # fmt: skip
QUERIES = {"one procedure in twenty": "khai sinh", "words on every page": "uy ban"}
USERS = {"auditor": "mai", "clerk": "lan"}
Row = dict[str, Any]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--documents", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    arguments = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="sohoa-search-bench-") as folder:
        data_dir = Path(folder) / "var"
        started = time.perf_counter()
        fill(data_dir, arguments.documents)
        load_seconds = time.perf_counter() - started
        rows = measure(data_dir, arguments.runs)
    report = _report(rows, arguments.documents, load_seconds, arguments.runs)
    print(report)
    arguments.out.write_text(report + "\n", encoding="utf-8")
    login = rows[0][2]
    slow = [row for row in rows[1:] if row[2] * 1000 > TARGET_MS or row[2] > TARGET_RATIO * login]
    return 1 if slow else 0


def fill(data_dir: Path, documents: int) -> None:
    data_dir.mkdir(parents=True)
    store = Store(f"sqlite:///{data_dir / 'sohoa.db'}")
    try:
        upgrade(store)
        with store.writing() as session:
            session.execute(
                insert(UnitRecord),
                [
                    {"id": number, "code": code, "name": f"UBND {code}"}
                    for number, code in enumerate(UNITS, start=1)
                ],
            )
            insert_in_chunks(session, DocumentRecord, _documents(documents))
            insert_in_chunks(session, PageRecord, _pages(documents, random.Random(16)))
        for role, name in USERS.items():
            units = (UNITS[0],) if role == "clerk" else ()
            add_user(store, UserSpec(name, parse_roles([role]), PASSWORD, units), "bench")
    finally:
        store.dispose()


def _documents(count: int) -> Iterator[Row]:
    start = datetime(2026, 1, 1, tzinfo=UTC)
    for number in range(1, count + 1):
        yield {
            "id": number,
            "sha256": f"{number:064x}",
            "kind": "result" if number % 10 == 0 else "intake",
            "status": "digitized",
            "unit_id": 1 + number % len(UNITS),
            "original_name": f"scan-{number:06d}.pdf",
            "inbox_path": f"{UNITS[number % len(UNITS)]}/intake/scan-{number:06d}.pdf",
            "archive_path": f"archive/{number:06d}.pdf",
            "notes": "",
            "received_at": start + timedelta(minutes=number),
            "page_count": 1,
        }


def _pages(count: int, rnd: random.Random) -> Iterator[Row]:
    for number in range(1, count + 1):
        person = f"{rnd.choice(FAMILY)} {rnd.choice(MIDDLE)} {rnd.choice(GIVEN)}"
        text = (
            f"{COMMON}\nĐơn đề nghị {rnd.choice(PROCEDURES)}\nNgười nộp: {person}, "
            f"địa chỉ thôn {rnd.choice(GIVEN)}, xã {rnd.choice(GIVEN)}.\n{COMMON}"
        )
        yield {
            "id": number,
            "document_id": number,
            "number": 1,
            "text": text,
            "folded": fold(text),
            "barcodes": "",
        }


def measure(data_dir: Path, runs: int) -> list[tuple[str, str, float, int]]:
    """(who, path, median seconds, hits shown) for the login page, then every search."""
    services = open_job_process(load_settings(data_dir=data_dir), "local")
    try:
        app = create_app(services.context)
        with TestClient(app, base_url="http://127.0.0.1") as anonymous:
            rows = [("-", "/login", _median(anonymous, "/login", runs), 0)]
        for role, name in USERS.items():
            with TestClient(app, base_url="http://127.0.0.1") as client:
                log_in(client, name)
                for query in QUERIES.values():
                    path = f"/search?q={query.replace(' ', '+')}"
                    shown = client.get(path).text.count('<li class="hit"')
                    rows.append((role, path, _median(client, path, runs), shown))
    finally:
        services.close()
    return rows


def _median(client: TestClient, path: str, runs: int) -> float:
    assert client.get(path).status_code == 200, path
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        answer = client.get(path)
        times.append(time.perf_counter() - started)
        assert answer.status_code == 200
    return statistics.median(times)


def _report(
    rows: list[tuple[str, str, float, int]], documents: int, load_seconds: float, runs: int
) -> str:
    login = rows[0][2]
    lines = [
        "# Search benchmark",
        "",
        f"{documents:,} documents of one page each in {len(UNITS)} units, SQLite, the app "
        f"in-process; median of {runs} after one warm-up; filled in {load_seconds:.0f} s.",
        "",
        "| who | request | median ms | × login | hits shown |",
        "|---|---|---:|---:|---:|",
    ]
    for who, path, median, shown in rows:
        lines.append(f"| {who} | `{path}` | {median * 1000:.1f} | {median / login:.1f} | {shown} |")
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    lines += [
        "",
        f"Targets: under {TARGET_MS:.0f} ms and at most {TARGET_RATIO:.0f}× login. "
        f"Load average at the end: {load} on {os.cpu_count()} cores.",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())
