"""What the record costs on top of OCR: 500 one-page files dropped at once into the inbox.

Not part of `make test`: `make bench` runs it after the OCR benchmark. By hand, from the
repository root:

    .venv-bench/bin/python bench/intake_bench.py [--files N] [--out FILE]

The same generated files (one-page 300-dpi JPEG scans; a third in dossier folders, a third
with the code in the file name, a third untagged) go through

- pure OCR: one `sohoa ocr FILES... -o OUT --jobs <cores>` call, Sohoa's OCR engine alone;
- the service: `sohoa run` with its defaults on a fresh data directory; the files are
  moved into the inbox at once and the clock stops when the record shows every job
  finished. This adds watching, settling, archiving with fsync, the record's
  transactions, tagging and the audit trail.

It reports files per minute for both, the added time as a share of the pure OCR time
(target under 5 %), and the service's CPU use while idle afterwards, sampled over 20 s
(target under 2 % of one core).
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import psutil

if not __package__:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.ocr_bench import cpu_model, markdown_table
from tests.support.drops import UNIT, dossier_code, paper
from tests.support.pages import corpus_text, save_jpeg

CORES = os.cpu_count() or 1
SOHOA = Path(sys.executable).with_name("sohoa")
DEFAULT_OUT = Path(__file__).resolve().parent / "intake-results.md"
IDLE_SECONDS = 20.0
OVERHEAD_LIMIT, IDLE_LIMIT = 5.0, 2.0


@dataclass(frozen=True)
class Measured:
    files: int
    pure_ocr_seconds: float
    service_seconds: float
    idle_cpu_percent: float

    @property
    def overhead_percent(self) -> float:
        return (self.service_seconds / self.pure_ocr_seconds - 1) * 100


def draw_files(staging: Path, count: int) -> list[Path]:
    words = corpus_text().split()
    files = []
    for number in range(count):
        code = dossier_code(number)
        folder = staging / UNIT / "intake"
        if number % 3 == 0:
            path = folder / code / f"don-{number}.jpg"
        elif number % 3 == 1:
            path = folder / f"{code}_giay-to.jpg"
        else:
            path = folder / f"scan-{number}.jpg"
        path.parent.mkdir(parents=True, exist_ok=True)
        files.append(save_jpeg(paper(words, number), path))
    return files


def clean_environment(data_dir: Path) -> dict[str, str]:
    kept = {key: value for key, value in os.environ.items() if not key.startswith("SOHOA_")}
    return {**kept, "SOHOA_DATA_DIR": str(data_dir)}


def time_pure_ocr(files: list[Path], root: Path) -> float:
    started = time.monotonic()
    subprocess.run(
        [str(SOHOA), "ocr", *map(str, files), "-o", str(root / "ocr-out"), "--jobs", str(CORES)],
        env=clean_environment(root / "unused"),
        capture_output=True,
        check=True,
    )
    return time.monotonic() - started


def time_service(staging: Path, count: int, root: Path) -> tuple[float, float]:
    data_dir = root / "var"
    log = (root / "run.log").open("w")
    service = subprocess.Popen(
        [str(SOHOA), "run", "--json"],
        env=clean_environment(data_dir),
        stdout=log,
        stderr=subprocess.STDOUT,
        cwd=root,
    )
    try:
        wait(lambda: "service.started" in (root / "run.log").read_text(), 60)
        started = time.monotonic()
        move_into(staging, data_dir / "inbox")
        wait(lambda: finished_jobs(data_dir) >= count, 3600)
        seconds = time.monotonic() - started
        return seconds, idle_cpu_percent(service.pid)
    finally:
        service.terminate()
        service.wait(timeout=60)
        log.close()


def move_into(staging: Path, inbox: Path) -> None:
    for path in sorted(p for p in staging.rglob("*") if p.is_file()):
        target = inbox / path.relative_to(staging)
        target.parent.mkdir(parents=True, exist_ok=True)
        path.rename(target)


def finished_jobs(data_dir: Path) -> int:
    try:
        with sqlite3.connect(f"file:{data_dir / 'sohoa.db'}?mode=ro", uri=True) as database:
            row = database.execute("SELECT count(*) FROM jobs WHERE status = 'done'").fetchone()
    except sqlite3.OperationalError:
        return 0
    return int(row[0])


def idle_cpu_percent(pid: int) -> float:
    process = psutil.Process(pid)
    time.sleep(3)  # let the last job's threads wind down
    before = process.cpu_times()
    time.sleep(IDLE_SECONDS)
    after = process.cpu_times()
    used = (after.user - before.user) + (after.system - before.system)
    return used / IDLE_SECONDS * 100


def wait(condition: object, seconds: float) -> None:
    assert callable(condition)
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(f"not done within {seconds} s")
        time.sleep(0.25)


def report(measured: Measured) -> str:
    overhead, idle = measured.overhead_percent, measured.idle_cpu_percent
    rows = [
        [
            "pure OCR (`sohoa ocr`)",
            f"{measured.pure_ocr_seconds:.1f}",
            f"{measured.files / measured.pure_ocr_seconds * 60:.1f}",
        ],
        [
            "the service (`sohoa run`)",
            f"{measured.service_seconds:.1f}",
            f"{measured.files / measured.service_seconds * 60:.1f}",
        ],
    ]
    targets = [
        [
            "added time of intake + tagging",
            "< 5 %",
            f"{overhead:.1f} %",
            "PASS" if overhead < OVERHEAD_LIMIT else "MISS",
        ],
        [
            "watcher CPU while idle, % of a core",
            "< 2 %",
            f"{idle:.2f} %",
            "PASS" if idle < IDLE_LIMIT else "MISS",
        ],
    ]
    return "\n".join(
        [
            "# Intake benchmark",
            "",
            f"{measured.files} one-page 300-dpi JPEG scans dropped at once; CPU: {cpu_model()}, "
            f"{CORES} cores.",
            "",
            markdown_table(["run", "wall s", "files/min"], "lrr", rows),
            "",
            markdown_table(["quantity", "target", "measured", "result"], "llrl", targets),
            "",
        ]
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--files", type=int, default=500)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    arguments = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="sohoa-intake-bench-") as folder:
        root = Path(folder)
        print(f"Drawing {arguments.files} scans ...", file=sys.stderr)
        files = draw_files(root / "staging", arguments.files)
        print("pure OCR ...", file=sys.stderr)
        pure = time_pure_ocr(files, root)
        print(f"  {pure:.1f} s; the service ...", file=sys.stderr)
        service, idle = time_service(root / "staging", arguments.files, root)
        print(f"  {service:.1f} s", file=sys.stderr)
    text = report(Measured(arguments.files, pure, service, idle))
    print(text)
    arguments.out.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
