"""`sohoa run`: the embedded service: watched inbox, job workers, the record."""

from __future__ import annotations

import json
import signal
import threading
import time
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.live import Live

from config import load_settings
from service.i18n import _

if TYPE_CHECKING:
    from runtime.events import Event
    from runtime.queue import JobQueue
    from service.compose import JobProcess

console = Console(highlight=False, soft_wrap=True)


def run(
    once: Annotated[
        bool, typer.Option(help=_("Take what is in the inbox now, finish it, then stop."))
    ] = False,
    json_log: Annotated[
        bool,
        typer.Option("--json", help=_("One JSON object a line for each event (services).")),
    ] = False,
    host: Annotated[
        str | None,
        typer.Option(help=_("Address of the web interface (default: [web] host).")),
    ] = None,
    port: Annotated[
        int | None,
        typer.Option(help=_("Port of the web interface (default: [web] port, 8750).")),
    ] = None,
    no_workers: Annotated[
        bool,
        typer.Option(
            "--no-workers",
            help=_("Watch and serve only; jobs run in `sohoa worker` processes (queue = celery)."),
        ),
    ] = False,
) -> None:
    from service.compose import open_job_process, queue_kind_for
    from service.job_wiring import worker_beside

    settings = load_settings()
    emit = _json_line if json_log else _console_line
    queue_kind = queue_kind_for(settings, no_workers)
    runs_jobs = queue_kind == "local"
    process = open_job_process(
        settings,
        queue_kind,
        emit=emit,
        digitize=queue_kind != "deferred",  # on Celery, to send lost page ranges again
        sign=runs_jobs,
        heartbeat="local" if runs_jobs else "watcher",
    )
    try:
        with worker_beside(queue_kind == "celery" and not no_workers):
            _serve(process, once, json_log, host, port)
    finally:
        process.close()


def _serve(
    process: JobProcess, once: bool, json_log: bool, host: str | None, port: int | None
) -> None:
    from runtime.events import Event
    from runtime.resume import resume_unfinished
    from service.schedules import service_schedules
    from service.watch_wiring import InboxWiring, take_waiting_files
    from service.web_wiring import web_interface
    from signing_batches.collect import collect_waiting
    from store.archive import remove_unfinished_copies
    from watch_folders import FolderWatcher

    context, queue = process.context, process.queue
    settings, emit, layout = context.settings, context.emit, context.layout
    only_worker = settings.queue == "local"  # no workers elsewhere hold leases
    resumed = resume_unfinished(context.store, queue, only_worker=only_worker)
    if resumed:
        emit(Event("jobs.resumed", f"{resumed} unfinished jobs resumed", {"jobs": resumed}))
    collect_waiting(context)  # outputs made before a signing profile was configured
    if unfinished := remove_unfinished_copies(layout):  # before the watcher copies again
        message = f"{unfinished} half-made archive copies removed"
        emit(Event("archive.cleaned", message, {"copies": unfinished}))
    wiring = InboxWiring(context)
    if once:
        take_waiting_files(layout.inbox, wiring)
        _wait_until_idle(queue)
        counters = process.counters
        done = {"received": counters.received, "digitized": counters.digitized}
        message = f"inbox done: {done['received']} received, {done['digitized']} digitized"
        emit(Event("service.once_done", message, done))
        return
    watcher = FolderWatcher(
        layout.inbox,
        wiring.arrived,
        wiring.refused,
        settle_seconds=settings.watch.settle_seconds,
        polling=settings.watch.polling,
        poll_interval=settings.watch.poll_interval,
    )
    with watcher, service_schedules(context, emit), web_interface(context, host, port) as web:
        where = f"; web interface on {web.url}" if web else ""
        inbox = layout.inbox.resolve()
        details = {"web": web.url if web else None, "inbox": str(inbox)}
        emit(Event("service.started", f"watching {inbox}{where}", details))
        _show_until_interrupted(process, json_log)


def _show_until_interrupted(process: JobProcess, json_log: bool) -> None:
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())  # a service manager's stop
    if json_log or not console.is_terminal:
        while not stop.wait(60.0):  # signals still wake it at once
            pass
        return
    from service.run_display import StatusLine

    line = StatusLine(process.counters, process.queue)
    with Live(line.render(), console=console, refresh_per_second=2) as live:
        while not stop.wait(0.5):
            live.update(line.render())


def _wait_until_idle(queue: JobQueue) -> None:
    while queue.pending():
        time.sleep(0.1)


def _json_line(event: Event) -> None:
    record = {"at": event.at.isoformat(), "event": event.kind, "message": event.message}
    print(json.dumps({**record, **event.details}, ensure_ascii=False), flush=True)


def _console_line(event: Event) -> None:
    from service.run_display import event_line

    console.print(event_line(event), markup=False)
