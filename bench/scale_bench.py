"""Pages per minute with 1, 2 and 4 `sohoa worker` processes, and the embedded default.

Not part of `make test`; `make bench` runs it. By hand, from the repository root:

    .venv-bench/bin/python bench/scale_bench.py [--pages N] [--workers 1,2,4] [--out FILE]

The same N one-page scans (A4 at 300 dpi, Vietnamese text; default 24) go through:

- the embedded default, `sohoa run --once` (SQLite, its own pool): the reference;
- PostgreSQL + Celery (Redis broker) with 1, 2 and 4 `sohoa worker` processes of one job
  at a time each, fed by `sohoa run --once --no-workers`.

Each run starts from an empty record and broker; the clock runs from start-up to the last
job finished, so it includes archiving, OCR, tagging and recording. Scaling ratio: pages a
minute with k workers over pages a minute with one. The report is printed and written to
bench/scale-results.md.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

if not __package__:  # run as a file: the repository's packages must be importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.ocr_bench import cpu_model, markdown_table
from tests.support.drops import UNIT, dossier_code, paper, save_pdf
from tests.support.pages import corpus_text
from tests.support.scale import scaled_out, workers
from tests.support.service import sohoa

DEFAULT_OUT = Path(__file__).resolve().parent / "scale-results.md"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--pages", type=int, default=24)
    parser.add_argument("--workers", default="1,2,4")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    arguments = parser.parse_args(argv)
    counts = [int(count) for count in arguments.workers.split(",")]
    with tempfile.TemporaryDirectory(prefix="sohoa-scale-bench-") as folder:
        root = Path(folder)
        staged = _stage(root / "staged", arguments.pages)
        rows = [("embedded default (SQLite, own pool)", _embedded(root, staged))]
        for count in counts:
            rows.append((f"PostgreSQL + Celery, {count} worker(s)", _scaled(root, staged, count)))
    report = _report(rows, arguments.pages)
    print(report)
    arguments.out.write_text(report + "\n", encoding="utf-8")
    return 0


def _stage(folder: Path, pages: int) -> Path:
    words = corpus_text().split()
    intake = folder / UNIT / "intake"
    intake.mkdir(parents=True)
    for number in range(pages):
        code = dossier_code(number)
        save_pdf([paper(words, seed=number, code_in_text=code)], intake / f"scan-{number}.pdf")
    return folder


def _embedded(root: Path, staged: Path) -> float:
    data_dir = root / "embedded" / "var"
    shutil.copytree(staged, data_dir / "inbox")
    started = time.perf_counter()
    done = sohoa(data_dir, "run", "--once", timeout=3600)
    if done.returncode != 0:
        raise SystemExit(done.stderr)
    return time.perf_counter() - started


def _scaled(root: Path, staged: Path, count: int) -> float:
    data_dir = root / f"scaled-{count}" / "var"
    with scaled_out(data_dir, "redis") as settings, workers(data_dir, count, **settings):
        time.sleep(3)  # the workers connect to the broker
        shutil.copytree(staged, data_dir / "inbox", dirs_exist_ok=True)
        started = time.perf_counter()
        done = sohoa(data_dir, "run", "--once", "--no-workers", timeout=3600, **settings)
        if done.returncode != 0:
            raise SystemExit(done.stderr)
        return time.perf_counter() - started


def _report(rows: list[tuple[str, float]], pages: int) -> str:
    single = next(seconds for name, seconds in rows if "1 worker" in name)
    table = markdown_table(
        ["setup", "seconds", "pages/min", "× 1 worker"],
        "lrrr",
        [
            [name, f"{seconds:.1f}", f"{pages * 60 / seconds:.1f}", f"{single / seconds:.2f}"]
            for name, seconds in rows
        ],
    )
    return "\n".join(
        [
            "# Scale-out: pages per minute by worker processes",
            "",
            f"{cpu_model()}, {os.cpu_count()} cores; {pages} one-page A4 scans at 300 dpi; "
            "PostgreSQL and Redis on this machine; each worker process runs one job at a time.",
            "",
            table,
        ]
    )


if __name__ == "__main__":
    raise SystemExit(main())
