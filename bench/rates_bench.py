"""Digitization rates on a big register: a year's monthly rates by unit, against a count.

Not part of `make test`. By hand, from the repository root (it needs no bench extras):

    .venv/bin/python bench/rates_bench.py [--dossiers N] [--postgres URL | --no-postgres]
        [--runs N] [--out FILE]

It writes a register of N dossiers (default 1,000,000) with 3 documents each (two intake
papers and a result; one dossier in ten reusing an earlier dossier's paper) into a fresh
embedded (SQLite) record, and into a fresh PostgreSQL database (the test server by default,
`SOHOA_TEST_POSTGRES`), and times on each

- Sohoa: `queries.rates.compute_rates` for 2026, grouped by unit then month (the two
  counting queries, the label look-ups and the report);
- the baseline, the cheapest query touching the same rows: COUNT(*) of the year's
  dossiers grouped by unit and month, through the same calendar and covering index.

Each is run once to warm the caches, then `--runs` times (default 5); the median counts.
The SQLite record gets no ANALYZE (a fresh embedded record has no statistics);
PostgreSQL gets VACUUM ANALYZE after the load, as autovacuum would, which index-only scans
need. The plans of both counting queries are recorded (EXPLAIN QUERY PLAN, EXPLAIN), and
the bench fails unless both databases use the same indexes of the record. Target: under
2 seconds on SQLite. The report is printed and written to bench/rates-results.md.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import platform
import random
import re
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import ClauseElement, Executable, create_engine, func, insert, select, text
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler

if not __package__:  # run as a file: the repository's packages must be importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from config.rates_settings import RatesSettings
from queries.rates import compute_rates
from queries.rates_counts import calendar_of, received_query, resolved_query, within
from reports.rates_model import Grouping, RatesReport
from reports.rates_periods import split_period
from store.database import Store
from store.migrate import upgrade
from store.schema import DocumentReuseRecord, DossierRecord
from tests.support import databases
from tests.support.databases import postgres_database, sqlite_url
from tests.support.rates_register import (
    Row,
    document_row,
    dossier_row,
    procedure_row,
    unit_row,
    write_register,
)

DEFAULT_OUT = Path(__file__).resolve().parent / "rates-results.md"
START, END = date(2026, 1, 1), date(2026, 12, 31)
FIRST_DAY, DAYS = datetime(2025, 12, 1, tzinfo=UTC), 396  # December 2025 to 2026's end
UNITS, PROCEDURES, FIELDS = 20, 200, 10
TARGET_SECONDS = 2.0
EXPECTED_INDEXES = {
    "received": {
        "ix_dossiers_received_rates",
        "ix_documents_digitized_intake",
        "ix_documents_digitized_result",
        "ix_documents_signed_intake",
        "ix_documents_signed_result",
        "ix_document_reuses_dossier",
    },
    "resolved": {
        "ix_dossiers_resolved_rates",
        "ix_documents_digitized_result",
        "ix_documents_signed_result",
    },
}


@dataclass(frozen=True)
class Measured:
    database: str
    load_seconds: float
    sohoa: list[float]
    baseline: list[float]
    report: RatesReport
    plans: dict[str, list[str]]
    rows_returned: dict[str, int]

    @property
    def ratio(self) -> float:
        return statistics.median(self.sohoa) / statistics.median(self.baseline)

    def indexes(self, query: str) -> set[str]:
        return {name for line in self.plans[query] for name in re.findall(r"\bix_\w+", line)}


class Explain(Executable, ClauseElement):
    """EXPLAIN (QUERY PLAN) before a statement, its parameters bound as usual."""

    inherit_cache = False

    def __init__(self, statement: ClauseElement, prefix: str) -> None:
        self.statement = statement
        self.prefix = prefix


@compiles(Explain)
def _compile_explain(element: Explain, compiler: SQLCompiler, **kw: Any) -> str:
    return f"{element.prefix} {compiler.process(element.statement, **kw)}"


def draw_register(count: int) -> dict[str, Iterator[Row]]:
    """Dossiers over 13 months, 30 % online, four in five needing a written result,
    nearly all resolved within 40 days; documents 85 % digitized, the rest waiting for OCR
    or quarantined."""
    rnd = random.Random(766)
    seconds = DAYS * 86_400

    def dossiers() -> Iterator[Row]:
        for number in range(1, count + 1):
            received = FIRST_DAY + timedelta(seconds=seconds * (number - 1) // count)
            resolved = received + timedelta(days=rnd.randint(1, 40), hours=rnd.randint(0, 8))
            yield dossier_row(
                number,
                received,
                resolved_at=resolved if rnd.random() < 0.95 else None,
                unit_id=rnd.randint(1, UNITS),
                procedure_id=rnd.randint(1, PROCEDURES),
                channel="online" if rnd.random() < 0.3 else "counter",
                result_required=rnd.random() < 0.8,
            )

    def documents() -> Iterator[Row]:
        statuses = ["digitized"] * 85 + ["received"] * 10 + ["quarantined"] * 5
        for number in range(1, count + 1):
            for offset, kind in enumerate(("intake", "intake", "result")):
                status = statuses[rnd.randrange(100)]
                yield document_row(3 * number - 2 + offset, number, kind=kind, status=status)

    def reuses() -> Iterator[Row]:
        """One dossier in ten reuses the first intake paper of the dossier received 50
        before it, and one in fifty a second one too (counted once)."""
        link = 0
        for number in range(51, count + 1):
            if number % 10:
                continue
            for earlier in (number - 50, number - 49)[: 1 + (number % 50 == 0)]:
                link += 1
                yield {
                    "id": link,
                    "document_id": 3 * earlier - 2,
                    "dossier_code": f"REUSED-{number}",
                    "dossier_id": number,
                    "unit_id": None,
                    "reused_by": "bench",
                    "reused_at": FIRST_DAY,
                    "note": "",
                }

    return {
        "reuses": reuses(),
        "units": iter([unit_row(number, f"UB{number:02d}") for number in range(1, UNITS + 1)]),
        "procedures": iter(
            procedure_row(number, f"1.{number:06d}", f"Lĩnh vực {number % FIELDS}")
            for number in range(1, PROCEDURES + 1)
        ),
        "dossiers": dossiers(),
        "documents": documents(),
    }


def baseline_query() -> Executable:
    buckets = split_period(START, END, Grouping.MONTH)
    calendar = calendar_of(buckets)
    return (
        select(DossierRecord.unit_id, calendar.c.bucket, func.count())
        .select_from(calendar)
        .join(DossierRecord, within(DossierRecord.received_at, calendar))
        .group_by(DossierRecord.unit_id, calendar.c.bucket)
    )


def counting_queries(settings: RatesSettings) -> dict[str, Executable]:
    buckets = split_period(START, END, Grouping.MONTH)
    groupings = (Grouping.UNIT, Grouping.MONTH)
    return {
        "received": received_query(settings, buckets, groupings),
        "resolved": resolved_query(settings, buckets, groupings),
    }


def measure(database: str, store: Store, count: int, runs: int) -> Measured:
    upgrade(store)
    print(
        f"{database}: writing {count:,} dossiers and {3 * count:,} documents ...", file=sys.stderr
    )
    started = time.monotonic()
    drawn = draw_register(count)
    reuses = list(drawn.pop("reuses"))
    write_register(store, **drawn)
    with store.writing() as session:
        session.connection().execute(insert(DocumentReuseRecord), reuses)
    if not store.is_sqlite:
        with store.engine.connect() as connection:
            autocommit = connection.execution_options(isolation_level="AUTOCOMMIT")
            autocommit.execute(text("VACUUM ANALYZE"))
    load = time.monotonic() - started
    print(f"  {load:.0f} s; timing ...", file=sys.stderr)
    settings = RatesSettings()

    def sohoa() -> RatesReport:
        return compute_rates(store, settings, START, END, Grouping.UNIT, Grouping.MONTH)

    def baseline() -> None:
        with store.reading() as session:
            session.execute(baseline_query()).all()

    report = sohoa()
    baseline()
    sohoa_times, baseline_times = [], []
    for _ in range(runs):
        sohoa_times.append(_timed(sohoa))
        baseline_times.append(_timed(baseline))
    prefix = "EXPLAIN QUERY PLAN" if store.is_sqlite else "EXPLAIN"
    plans, returned = {}, {}
    with store.reading() as session:
        for name, query in counting_queries(settings).items():
            rows = session.execute(Explain(query, prefix)).all()
            plans[name] = [str(row[-1]) for row in rows]
            returned[name] = len(session.execute(query).all())
    return Measured(database, load, sohoa_times, baseline_times, report, plans, returned)


def _timed(work: Callable[[], object]) -> float:
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


def run_sqlite(count: int, runs: int) -> Measured:
    with tempfile.TemporaryDirectory(prefix="sohoa-rates-bench-") as folder:
        store = Store(sqlite_url(Path(folder)))
        try:
            return measure("SQLite", store, count, runs)
        finally:
            store.dispose()


def run_postgres(count: int, runs: int) -> Measured | str:
    try:
        with postgres_database() as url:
            store = Store(url)
            try:
                return measure("PostgreSQL", store, count, runs)
            finally:
                store.dispose()
    except pytest.skip.Exception as unreachable:  # how postgres_database() says so
        return f"PostgreSQL not measured: {unreachable}"


def server_version(url: str) -> str:
    with contextlib.suppress(Exception):
        engine = create_engine(url)
        try:
            with engine.connect() as connection:
                return str(connection.execute(text("SHOW server_version")).scalar_one())
        finally:
            engine.dispose()
    return "unknown"


def write_up(measured: Sequence[Measured], notes: Sequence[str], count: int) -> str:
    rows, checks = [], []
    for run in measured:
        rows.append(_row(run, "Sohoa: `compute_rates`, 2026 by unit then month", run.sohoa))
        rows.append(
            _row(run, "baseline: COUNT(*) of 2026's dossiers by unit and month", run.baseline)
        )
    sqlite_run = next(run for run in measured if run.database == "SQLite")
    seconds = statistics.median(sqlite_run.sohoa)
    checks.append(
        [
            "Sohoa on SQLite",
            f"< {TARGET_SECONDS:.0f} s",
            f"{seconds:.2f} s",
            _verdict(seconds < TARGET_SECONDS),
        ]
    )
    for run in measured:
        checks.append([f"Sohoa ÷ baseline, {run.database}", "", f"{run.ratio:.1f}", ""])
    same = all(
        run.indexes(query) == expected
        for run in measured
        for query, expected in EXPECTED_INDEXES.items()
    )
    checks.append(
        [
            "the record's indexes used, on each database",
            "as expected",
            "same" if same else "differ",
            _verdict(same),
        ]
    )
    total = sqlite_run.report.total
    lines = [
        "# Rates benchmark",
        "",
        f"{count:,} dossiers with 3 documents each (two intake papers and a result; 85 % "
        f"digitized), received from December 2025 to December 2026, {UNITS} units, "
        f"{PROCEDURES} procedures; 30 % online, four in five needing a written result. "
        f"The year 2026: {total.intake.denominator:,} dossiers received "
        f"(intake {total.intake.shown}), {total.result.denominator:,} resolved (all of "
        f"them, the default result scope; result {total.result.shown}), "
        f"{len(sqlite_run.report.groups)} unit-months. One dossier in ten reuses an earlier "
        f"dossier's paper (one in fifty two of them): reuse {total.reuse.shown}.",
        "",
        f"CPU: {_cpu_model()}, {os.cpu_count()} cores; SQLite {sqlite3.sqlite_version}; "
        + "; ".join(notes)
        + f"; {date.today().isoformat()}.",
        "",
        _table(["database", "query", "median s", "runs (s)"], "llrl", rows),
        "",
        _table(["quantity", "target", "measured", "result"], "llrl", checks),
        "",
        "Rows the two counting queries hand to Python (all the per-dossier work stays in "
        "the database): "
        + "; ".join(
            f"{run.database} {run.rows_returned['received']} + {run.rows_returned['resolved']}"
            for run in measured
        )
        + ". Load times, for the record: "
        + ", ".join(f"{run.database} {run.load_seconds:.0f} s" for run in measured)
        + ".",
        "",
        "## Plans",
    ]
    for run in measured:
        for query, plan in run.plans.items():
            lines += ["", f"{run.database}, the {query} query:", "", "```", *plan, "```"]
    return "\n".join(lines) + "\n"


def _row(run: Measured, name: str, times: list[float]) -> list[str]:
    return [
        run.database,
        name,
        f"{statistics.median(times):.3f}",
        " ".join(f"{t:.2f}" for t in times),
    ]


def _verdict(passed: bool) -> str:
    return "PASS" if passed else "MISS"


def _table(header: Sequence[str], align: str, rows: Sequence[Sequence[str]]) -> str:
    """`align` holds one letter a column: l(eft) or r(ight)."""
    rule = ["---:" if side == "r" else "---" for side in align]
    lines = [header, rule, *rows]
    return "\n".join(
        "| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |" for cells in lines
    )


def _cpu_model() -> str:
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.partition(":")[2].strip()
    return platform.processor() or "unknown"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--dossiers", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--postgres", default=databases.POSTGRES_ADMIN_URL)
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    arguments = parser.parse_args(argv)
    databases.POSTGRES_ADMIN_URL = arguments.postgres
    measured = [run_sqlite(arguments.dossiers, arguments.runs)]
    notes = []
    if not arguments.no_postgres:
        postgres = run_postgres(arguments.dossiers, arguments.runs)
        if isinstance(postgres, str):
            notes.append(postgres)
        else:
            measured.append(postgres)
            notes.append(f"PostgreSQL {server_version(arguments.postgres)}")
    written = write_up(measured, notes, arguments.dossiers)
    print(written)
    arguments.out.write_text(written, encoding="utf-8")
    return 1 if "MISS" in written.split("## Plans")[0] else 0


if __name__ == "__main__":
    sys.exit(main())
