"""`sohoa run`: the embedded service: watched inbox, job workers, the record."""

from __future__ import annotations

import json
import os
import signal
import threading
import time
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.live import Live

from config import load_settings

if TYPE_CHECKING:
    from jobs import Event, LocalQueue, Services

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
) -> None:
    """Watch <data>/inbox/<unit>/{intake,results}/; archive, OCR and tag what arrives."""
    from jobs import Event, LocalQueue, open_services, resume_unfinished
    from jobs.batch_collect import collect_waiting
    from jobs.runner import run_job
    from service.ltv_schedule import LtvSchedule
    from service.watch_wiring import InboxWiring, take_waiting_files
    from service.web_wiring import web_interface
    from watch_folders import FolderWatcher

    settings = load_settings()
    emit = _json_line if json_log else _console_line
    services = open_services(settings, emit=emit)
    workers = settings.jobs.documents_at_once or 2 * (os.cpu_count() or 1)
    services.queue = LocalQueue(lambda job_id: run_job(services, job_id), workers)
    try:
        resumed = resume_unfinished(services)
        if resumed:
            emit(Event("jobs.resumed", f"{resumed} unfinished jobs resumed", {"jobs": resumed}))
        collect_waiting(services)  # outputs made before a signing profile was configured
        wiring = InboxWiring(services)
        if once:
            take_waiting_files(services.layout.inbox, wiring)
            _wait_until_idle(services.queue)
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
            emit(
                Event(
                    "service.started", f"watching {inbox}{where}", {"web": web.url if web else None}
                )
            )
            _show_until_interrupted(services, json_log)
    finally:
        services.close()


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


def _wait_until_idle(queue: LocalQueue) -> None:
    while queue.pending():
        time.sleep(0.1)


def _json_line(event: Event) -> None:
    record = {"at": event.at.isoformat(), "event": event.kind, "message": event.message}
    print(json.dumps({**record, **event.details}, ensure_ascii=False), flush=True)


def _console_line(event: Event) -> None:
    console.print(event.message)
