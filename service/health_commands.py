"""`sohoa status` and `sohoa jobs`: the workers, the queue and the jobs, from the record."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Annotated

import typer
from rich.console import Console

from service.cli_table import key, moment, number, print_json, table
from service.cli_words import word, yes_no
from service.formats import vn_count, vn_time
from service.i18n import _
from service.record_access import open_record

console = Console(highlight=False, markup=False, soft_wrap=True)


def status(
    json_output: Annotated[bool, typer.Option("--json", help=_("One JSON object."))] = False,
) -> None:
    from config import load_settings
    from queries.health import read_health

    store, _layout = open_record()
    try:
        health = read_health(store, load_settings())
    finally:
        store.dispose()
    if json_output:
        print_json({
            "workers_alive": health.workers_alive,
            "queue_depth": health.queue_depth,
            "oldest_waiting_seconds": round(health.oldest_waiting_seconds, 1),
            "jobs": health.jobs,
            "workers": [
                {"name": w.name, "kind": w.kind, "alive": w.alive, "running": w.running,
                 "done": w.done, "failed": w.failed, "last_seen_at": w.last_seen_at.isoformat()}
                for w in health.workers
            ],
        })  # fmt: skip
        return
    console.print(
        _("workers alive: {alive} · queue depth: {depth} · oldest waiting job: {seconds} s").format(
            alive=health.workers_alive,
            depth=vn_count(health.queue_depth),
            seconds=vn_count(round(health.oldest_waiting_seconds)),
        )
    )
    counts = ", ".join(f"{word(k)} {vn_count(v)}" for k, v in sorted(health.jobs.items()))
    console.print(_("jobs: {counts}").format(counts=counts or _("none")))
    headings = (key(_("worker")), _("kind"), _("alive"), number(_("running")),
                number(_("done")), number(_("failed")), moment(_("last seen")))  # fmt: skip
    rows = [
        (w.name, w.kind, yes_no(w.alive) if w.alive else yes_no(w.alive).upper(), w.running,
         vn_count(w.done), vn_count(w.failed), vn_time(w.last_seen_at))
        for w in health.workers
    ]  # fmt: skip
    console.print(table(headings, rows))


def jobs(
    status_filter: Annotated[
        list[str] | None,
        typer.Option(
            "--status",
            help=_("queued, running, waiting_retry, waiting_pages, done or failed; repeatable."),
        ),
    ] = None,
    worker: Annotated[
        str | None, typer.Option(help=_("Only this worker's (a name prefix)."))
    ] = None,
    limit: Annotated[int, typer.Option(help=_("How many, newest first."))] = 50,
    json_output: Annotated[bool, typer.Option("--json", help=_("One JSON object a line."))] = False,
) -> None:
    from queries.health import list_jobs

    store, _layout = open_record()
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
    headings = (key(_("job")), _("kind"), _("status"), key(_("document")), number(_("tries")),
                key(_("worker")), moment(_("started")), _("error"))  # fmt: skip
    rows = [
        (line.id, line.kind, word(line.status), line.document, line.attempts,
         line.worker or "-", vn_time(line.started_at) or "-", (line.error or "")[:80])
        for line in lines
    ]  # fmt: skip
    console.print(table(headings, rows))
