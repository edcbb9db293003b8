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

if TYPE_CHECKING:
    from jobs import Event, Services
    from jobs.queue import JobQueue

console = Console(highlight=False)


def run(
    once: Annotated[
        bool, typer.Option(help="Take what is in the inbox now, finish it, then stop.")
    ] = False,
    json_log: Annotated[
        bool, typer.Option("--json", help="One JSON object a line for each event (services).")
    ] = False,
    host: Annotated[
        str | None, typer.Option(help="Address of the web interface (default: [web] host).")
    ] = None,
    port: Annotated[
        int | None, typer.Option(help="Port of the web interface (default: [web] port, 8750).")
    ] = None,
    no_workers: Annotated[
        bool,
        typer.Option(
            "--no-workers",
            help="Watch and serve only; jobs run in `sohoa worker` processes (queue = celery).",
        ),
    ] = False,
) -> None:
    """Watch <data>/inbox/<unit>/{intake,results}/; archive, OCR and tag what arrives."""
    from jobs import open_services
    from service.job_wiring import job_runners

    settings = load_settings()
    emit = _json_line if json_log else _console_line
    services = open_services(settings, emit=emit)
    try:
        with job_runners(services, no_workers):
            _serve(services, once, json_log, host, port)
    finally:
        services.close()


def _serve(
    services: Services, once: bool, json_log: bool, host: str | None, port: int | None
) -> None:
    from jobs import Event, resume_unfinished
    from jobs.batch_collect import collect_waiting
    from service.ltv_schedule import LtvSchedule
    from service.watch_wiring import InboxWiring, take_waiting_files
    from service.web_wiring import web_interface
    from watch_folders import FolderWatcher

    settings, emit, queue = services.settings, services.emit, services.queue
    assert queue is not None
    resumed = resume_unfinished(services)
    if resumed:
        emit(Event("jobs.resumed", f"{resumed} unfinished jobs resumed", {"jobs": resumed}))
    collect_waiting(services)  # outputs made before a signing profile was configured
    wiring = InboxWiring(services)
    if once:
        take_waiting_files(services.layout.inbox, wiring)
        _wait_until_idle(queue)
        return
    watcher = FolderWatcher(
        services.layout.inbox,
        wiring.arrived,
        wiring.refused,
        settle_seconds=settings.watch.settle_seconds,
        polling=settings.watch.polling,
        poll_interval=settings.watch.poll_interval,
    )
    with watcher, LtvSchedule(services), web_interface(services, host, port) as web:
        where = f"; web interface on {web.url}" if web else ""
        inbox = services.layout.inbox.resolve()
        details = {"web": web.url if web else None}
        emit(Event("service.started", f"watching {inbox}{where}", details))
        _show_until_interrupted(services, json_log)


def _show_until_interrupted(services: Services, json_log: bool) -> None:
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())  # a service manager's stop
    if json_log or not console.is_terminal:
        while not stop.wait(60.0):  # signals still wake it at once
            pass
        return
    from service.run_display import StatusLine

    line = StatusLine(services)
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
    console.print(event.message)
