"""The document workspace's part of the web benchmark (`bench/web_bench.py` calls it): the
document list with two filters, a sort and 50 rows a page, against the login page in the same
run, and a ZIP of 200 outputs streamed with flat memory.

Memory is the server process's own (the web server runs on a thread of the benchmark): its
peak resident size is reset (`/proc/self/clear_refs`) before the download and read after it
(`VmHWM`); the client streams the answer to nowhere, keeping only its length.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import httpx

from bench.workspace_seed import outputs_of_unit, put_outputs, sample_pdf
from store.database import Store
from tests.support.web import log_in

LIST_TARGET_MS = 300.0
LIST_TARGET_RATIO = 3.0
ZIP_FILES = 200
ZIP_TARGET_MB = 50.0


@dataclass(frozen=True)
class Timed:
    what: str
    median_ms: float
    ratio: float  # to the login page, measured alongside
    size: int


@dataclass(frozen=True)
class ZipRun:
    files: int
    megabytes: float
    seconds: float
    rss_growth_mb: float


def list_paths(found: dict[str, object]) -> list[tuple[str, str]]:
    """(user, path) of each view timed: the list with two filters, a sort and 50 rows, and a
    two-word search."""
    units = found["unit_ids"]
    assert isinstance(units, dict)
    second = list(units.values())[1]
    return [
        ("lan", "/documents?kind=intake&signed=no&sort=received&order=desc&size=50"),
        ("lan", "/documents?stage=digitized&tag=barcode&sort=received&order=asc&size=50"),
        ("hung", f"/documents?unit={second}&stage=signed&sort=received&order=desc&size=50"),
        ("hung", f"/documents?unit={second}&kind=result&sort=name&order=asc&size=50"),
        ("mai", "/documents?kind=intake&code=H&sort=dossier&order=desc&size=50"),
        # A two-word search typed without diacritics, within one unit and over every unit.
        ("lan", "/search?q=chung+thuc"),
        ("mai", "/search?q=chung+thuc"),
    ]


def measure_list(url: str, found: dict[str, object], runs: int) -> tuple[float, list[Timed]]:
    """The login page's median and each list view's, asked for in turn in the same run."""
    clients = {name: httpx.Client(base_url=url) for name in ("lan", "hung", "mai")}
    for name, client in clients.items():
        log_in(client, name)
    anonymous = httpx.Client(base_url=url)
    login = _median(lambda: _get(anonymous, "/login"), runs)
    timed = []
    for name, path in list_paths(found):
        size = len(_get(clients[name], path))
        median = _median(lambda c=clients[name], p=path: _get(c, p), runs)
        timed.append(Timed(f"{name} `{path}`", median * 1000, median / login, size))
    return login * 1000, timed


def measure_zip(url: str, store: Store, data_dir: Path, unit_code: str) -> ZipRun:
    chosen = outputs_of_unit(store, unit_code, ZIP_FILES)
    with tempfile.TemporaryDirectory(prefix="sohoa-zip-bench-") as folder:
        pdf = sample_pdf(Path(folder) / "scan.pdf")
        put_outputs(data_dir, [path for _, path in chosen], pdf)
    client = httpx.Client(base_url=url, timeout=300)
    token = log_in(client, "lan")
    form = {"csrf_token": token, "document_id": [str(number) for number, _ in chosen]}
    before = _status_kb("VmRSS")
    Path("/proc/self/clear_refs").write_text("5")  # the peak starts again from now
    started = time.perf_counter()
    received = 0
    with client.stream("POST", "/documents/outputs.zip", data=form) as answer:
        if answer.status_code != 200:
            raise SystemExit(f"outputs.zip: HTTP {answer.status_code}")
        for piece in answer.iter_raw():
            received += len(piece)
    seconds = time.perf_counter() - started
    growth = (_status_kb("VmHWM") - before) / 1024
    return ZipRun(len(chosen), received / 2**20, seconds, growth)


def list_failures(timed: list[Timed]) -> list[str]:
    return [
        row.what for row in timed if row.median_ms > LIST_TARGET_MS or row.ratio > LIST_TARGET_RATIO
    ]


def _status_kb(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise SystemExit(f"/proc/self/status has no {field}")


def _get(client: httpx.Client, path: str) -> bytes:
    answer = client.get(path)
    if answer.status_code != 200:
        raise SystemExit(f"{path}: HTTP {answer.status_code}\n{answer.text[:500]}")
    return answer.content


def _median(ask: Callable[[], object], runs: int) -> float:
    ask()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        ask()
        times.append(time.perf_counter() - started)
    return statistics.median(times)
