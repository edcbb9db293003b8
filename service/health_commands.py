"""`sohoa status` and `sohoa jobs`: the workers, the queue and the jobs, from the record."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from service.record_access import open_record
from service.time_format import shown

console = Console(highlight=False, markup=False, soft_wrap=True)


def status(
    json_output: Annotated[bool, typer.Option("--json", help="One JSON object.")] = False,
) -> None:
    """Workers alive, queue depth and the oldest waiting job (also at /metrics)."""
    from config import load_settings
    from queries.health import read_health

    store, _ = open_record()
    try:
        health = read_health(store, load_settings())
    finally:
        store.dispose()
    if json_output:
        print(json.dumps({
            "workers_alive": health.workers_alive,
            "queue_depth": health.queue_depth,
            "oldest_waiting_seconds": round(health.oldest_waiting_seconds, 1),
            "jobs": health.jobs,
            "workers": [
                {"name": w.name, "kind": w.kind, "alive": w.alive, "running": w.running,
                 "done": w.done, "failed": w.failed, "last_seen_at": w.last_seen_at.isoformat()}
                for w in health.workers
            ],
        }))  # fmt: skip
        return
    console.print(
        f"workers alive: {health.workers_alive} · queue depth: {health.queue_depth} · "
        f"oldest waiting job: {health.oldest_waiting_seconds:.0f} s"
    )
    console.print(
        "jobs: " + (", ".join(f"{k} {v}" for k, v in sorted(health.jobs.items())) or "none")
    )
    table = Table("worker", "kind", "alive", "running", "done", "failed", "last seen")
    for w in health.workers:
        table.add_row(w.name, w.kind, "yes" if w.alive else "NO", str(w.running), str(w.done),
                      str(w.failed), shown(w.last_seen_at))  # fmt: skip
    console.print(table)


def jobs(
    status_filter: Annotated[
        list[str] | None,
        typer.Option(
            "--status",
            help="queued, running, waiting_retry, waiting_pages, done or failed; repeatable.",
        ),
    ] = None,
    worker: Annotated[str | None, typer.Option(help="Only this worker's (a name prefix).")] = None,
    limit: Annotated[int, typer.Option(help="How many, newest first.")] = 50,
    json_output: Annotated[bool, typer.Option("--json", help="One JSON object a line.")] = False,
) -> None:
    """The jobs, newest first: kind, state, document, attempts, worker, error."""
    from queries.health import list_jobs

    store, _ = open_record()
    try:
        lines = list_jobs(store, status_filter, worker, limit)
    finally:
        store.dispose()
    if json_output:
        for line in lines:
            print(json.dumps(
                {**asdict(line), "created_at": line.created_at.isoformat(),
                 "started_at": line.started_at.isoformat() if line.started_at else None,
                 "finished_at": line.finished_at.isoformat() if line.finished_at else None},
                ensure_ascii=False,
            ))  # fmt: skip
        return
    table = Table("job", "kind", "status", "document", "tries", "worker", "started", "error")
    for line in lines:
        table.add_row(
            str(line.id), line.kind, line.status, line.document, str(line.attempts),
            line.worker or "-", shown(line.started_at),
            (line.error or "")[:80],
        )  # fmt: skip
    console.print(table)
