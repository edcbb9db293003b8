"""Web pages on a big office (10,000 dossiers, 100,000 documents), against the login page.

Not part of `make test`; `make bench` runs it. By hand, from the repository root:

    .venv-bench/bin/python bench/web_bench.py [--dossiers N] [--runs N] [--out FILE]

A fresh embedded (SQLite) record is filled by `bench/web_office.py` (dossiers, documents
with a page of OCR text each, batches, receipts, audit entries), then `sohoa run`'s web
server (uvicorn on a thread, the real app) serves it on a free port, and one HTTP client
logged in as each role asks for every list and detail page, the first page and a deep one
(page 100). Each page is asked for once to warm the caches, then `--runs` times (default
15); the median counts. The baseline, in the same run: the login page, which renders the
same base template and touches no table. The ratio says how many login pages' time a page
costs; the target is every page under 250 ms. The report is printed and written to
bench/web-results.md.

The document workspace (`bench/list_bench.py`): the document list with two filters, a sort
and 50 rows, median of 20 requests, under 300 ms and at most 3× the login page measured
alongside; and a ZIP of 200 outputs (real one-megabyte PDFs) streamed with the server's peak
memory growing by less than 50 MB.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import httpx

if not __package__:  # run as a file: the repository's packages must be importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from accounts.users import UserSpec, add_user, parse_roles
from bench.list_bench import (
    LIST_TARGET_MS,
    LIST_TARGET_RATIO,
    ZIP_TARGET_MB,
    Timed,
    ZipRun,
    list_failures,
    measure_list,
    measure_zip,
)
from bench.ocr_bench import cpu_model, markdown_table
from bench.web_office import UNITS
from bench.workspace_seed import seed_workspace
from config import load_settings
from service.compose import open_job_process
from service.web import create_app
from service.web.server import WebServer
from store.database import Store
from store.migrate import upgrade
from tests.support.web import PASSWORD, log_in

DEFAULT_OUT = Path(__file__).resolve().parent / "web-results.md"
TARGET_MS = 250.0
LIST_RUNS = 20
USERS = {"clerk": "lan", "officer": "hung", "auditor": "mai", "admin": "quan"}


def pages(found: dict[str, object]) -> list[tuple[str, str]]:
    """(role, path) of every page timed."""
    code, document, batch, receipt = (
        found["dossier_code"], found["document_id"], found["batch_id"], found["receipt_id"]
    )  # fmt: skip
    return [
        ("clerk", "/clerk/intake"),
        ("clerk", "/clerk/intake?page=20"),
        ("clerk", "/clerk/untagged"),
        ("clerk", "/clerk/untagged?page=20"),
        ("clerk", "/clerk/quarantine"),
        ("clerk", "/clerk/receipts"),
        ("clerk", "/clerk/receipts?page=100"),
        ("clerk", "/clerk/receipts/new"),
        ("clerk", f"/clerk/receipts/{receipt}"),
        ("officer", "/officer/batches"),
        ("officer", "/officer/batches?page=4"),
        ("officer", f"/officer/batches/{batch}"),
        ("officer", f"/officer/documents/{document}"),
        ("officer", "/officer/signed"),
        ("officer", "/officer/signed?page=100"),
        ("auditor", "/auditor/rates"),
        ("auditor", "/auditor/rates?by=unit&then=month"),
        ("auditor", "/auditor/rates/missing"),
        ("auditor", f"/auditor/dossiers?code={str(code)[:12]}"),
        ("auditor", f"/auditor/dossiers?text={found['word']}"),
        ("auditor", f"/auditor/dossiers/{code}"),
        ("auditor", "/auditor/receipt-usage"),
        ("auditor", "/auditor/audit"),
        ("auditor", "/auditor/audit?action=document"),
        ("admin", "/admin/users"),
        ("admin", "/admin/units"),
        ("admin", "/admin/series"),
        ("admin", "/admin/profiles"),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--dossiers", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    arguments = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="sohoa-web-bench-") as folder:
        data_dir = Path(folder) / "var"
        started = time.perf_counter()
        found = _fill(data_dir, arguments.dossiers)
        load_seconds = time.perf_counter() - started
        rows, workspace = _measure(data_dir, found, arguments.runs)
    report = _report(rows, arguments.dossiers, load_seconds, arguments.runs)
    report += "\n\n" + _workspace_report(*workspace)
    print(report)
    arguments.out.write_text(report + "\n", encoding="utf-8")
    slow = [path for _, path, median, _ in rows if median * 1000 > TARGET_MS]
    slow += list_failures(workspace[1])
    heavy = workspace[2].rss_growth_mb >= ZIP_TARGET_MB
    return 1 if slow or heavy else 0


def _fill(data_dir: Path, dossiers: int) -> dict[str, object]:
    data_dir.mkdir(parents=True)
    store = Store(f"sqlite:///{data_dir / 'sohoa.db'}")
    try:
        upgrade(store)
        found = seed_workspace(store, dossiers)
        for role, name in USERS.items():
            units = (UNITS[0],) if role == "clerk" else ()
            add_user(store, UserSpec(name, parse_roles([role]), PASSWORD, units), "bench")
    finally:
        store.dispose()
    return found


Workspace = tuple[float, list[Timed], ZipRun]


def _measure(
    data_dir: Path, found: dict[str, object], runs: int
) -> tuple[list[tuple[str, str, float, int]], Workspace]:
    services = open_job_process(load_settings(data_dir=data_dir), "local")
    try:
        with WebServer(create_app(services.context), "127.0.0.1", 0) as server:
            clients = {role: httpx.Client(base_url=server.url) for role in USERS}
            for role, client in clients.items():
                log_in(client, USERS[role])
            anonymous = httpx.Client(base_url=server.url)
            timed = [(anonymous, "-", "/login"), *((clients[r], r, p) for r, p in pages(found))]
            rows = [
                (role, path, _median(client, path, runs), len(_get(client, path)))
                for client, role, path in timed
            ]
            login_ms, lists = measure_list(server.url, found, LIST_RUNS)
            zipped = measure_zip(server.url, services.store, data_dir, UNITS[0])
    finally:
        services.close()
    return rows, (login_ms, lists, zipped)


def _get(client: httpx.Client, path: str) -> bytes:
    answer = client.get(path)
    if answer.status_code != 200:
        raise SystemExit(f"{path}: HTTP {answer.status_code}\n{answer.text[:500]}")
    return answer.content


def _median(client: httpx.Client, path: str, runs: int) -> float:
    _get(client, path)
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        _get(client, path)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def _report(
    rows: list[tuple[str, str, float, int]], dossiers: int, load_seconds: float, runs: int
) -> str:
    baseline = rows[0][2]
    table = markdown_table(
        ["role", "page", "median ms", "× login page", "bytes"],
        "llrrr",
        [
            [role, f"`{path}`", f"{median * 1000:.1f}", f"{median / baseline:.1f}", f"{size:,}"]
            for role, path, median, size in rows
        ],
    )
    slowest = max(rows[1:], key=lambda row: row[2])
    return "\n".join(
        [
            "# Web pages on a big office",
            "",
            f"{cpu_model()}, {os.cpu_count()} cores; the first row, the login page, is the "
            f"baseline; {dossiers:,} dossiers, "
            f"{dossiers * 10:,} documents (a page of text each), 20,000 receipts, 100,000 "
            f"audit entries, loaded in {load_seconds:.0f} s. Median of {runs} requests over "
            "HTTP to the real app (uvicorn), each after one to warm the caches.",
            "",
            table,
            "",
            f"Slowest: `{slowest[1]}` at {slowest[2] * 1000:.0f} ms "
            f"({slowest[2] / baseline:.1f}× the login page); target: every page under "
            f"{TARGET_MS:.0f} ms.",
        ]
    )


def _workspace_report(login_ms: float, lists: list[Timed], zipped: ZipRun) -> str:
    table = markdown_table(
        ["document list (user, view)", "median ms", "× login page", "bytes"],
        "lrrr",
        [[row.what, f"{row.median_ms:.1f}", f"{row.ratio:.1f}", f"{row.size:,}"] for row in lists],
    )
    return "\n".join(
        [
            "## The document workspace",
            "",
            f"Median of {LIST_RUNS} requests each; the login page in the same run: "
            f"{login_ms:.1f} ms. Target: under {LIST_TARGET_MS:.0f} ms and at most "
            f"{LIST_TARGET_RATIO:.0f}× the login page.",
            "",
            table,
            "",
            f"ZIP of {zipped.files} outputs ({zipped.megabytes:.0f} MB streamed) in "
            f"{zipped.seconds:.1f} s; the server's peak memory grew by "
            f"{zipped.rss_growth_mb:.1f} MB (target: under {ZIP_TARGET_MB:.0f} MB).",
        ]
    )


if __name__ == "__main__":
    raise SystemExit(main())
