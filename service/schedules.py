"""What `sohoa run` does on its own at intervals, each pass in a thread of its own: the
long-term validation of signed outputs, the audit trail's checkpoints, the integrity check
and the receipts' daily data for the tax authority. A pass that fails is logged and tried
again at its next time; the service goes on."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass

from audit_trail.checkpoints import checkpoint_profile_name
from runtime.events import Event, EventSink
from store.record import Record

log = logging.getLogger("sohoa.service")
FIRST_PASS_SECONDS = 300.0  # after start-up, once the inbox's first rush has passed
DAILY_DATA_SECONDS = 3600.0  # yesterday's summaries go within the first hour after midnight


@dataclass(frozen=True)
class Pass:
    name: str
    every_seconds: float
    run: Callable[[], None]


class Schedules:
    def __init__(self, passes: list[Pass]) -> None:
        self._stop = threading.Event()
        self._threads = [
            threading.Thread(target=self._loop, args=(due,), name=f"sohoa-{due.name}", daemon=True)
            for due in passes
            if due.every_seconds > 0
        ]

    def __enter__(self) -> Schedules:
        for thread in self._threads:
            thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join()

    def _loop(self, due: Pass) -> None:
        wait = min(FIRST_PASS_SECONDS, due.every_seconds)
        while not self._stop.wait(wait):
            try:
                due.run()
            except Exception:
                log.exception("the %s pass failed", due.name)
            wait = due.every_seconds


def service_schedules(record: Record, emit: EventSink) -> Schedules:
    settings = record.settings
    passes = [Pass("check", settings.check.every_hours * 3600, lambda: _check(record, emit))]
    if settings.signing.profiles:
        ltv = settings.signing.ltv_hours * 3600
        passes.append(Pass("ltv", ltv, lambda: _long_term_validation(record, emit)))
    if checkpoint_profile_name(settings):
        every = settings.audit.checkpoint_hours * 3600
        passes.append(Pass("checkpoint", every, lambda: _checkpoint(record, emit)))
    if settings.receipts.daily_data.scheduled:
        passes.append(Pass("daily-data", DAILY_DATA_SECONDS, lambda: _daily_data(record, emit)))
    return Schedules(passes)


def _daily_data(record: Record, emit: EventSink) -> None:
    """Yesterday's receipt summaries (and any day missed) delivered once the day is over."""
    from receipt_counter.daily_data import Outcome, deliver_due_days

    for item in deliver_due_days(record):
        if item.outcome == Outcome.DELIVERED:
            details = {"file": item.file, "delivered_to": item.delivered_to, **item.counts}
            emit(Event("receipt.daily_data_delivered", f"daily data {item.file} delivered",
                       details))  # fmt: skip


def _long_term_validation(record: Record, emit: EventSink) -> None:
    from signing_batches.ltv_pass import add_long_term_validation

    add_long_term_validation(record, emit)


def _checkpoint(record: Record, emit: EventSink) -> None:
    from audit_trail.checkpoints import make_checkpoint_if_grown

    made = make_checkpoint_if_grown(record)
    if made is not None:
        where = record.layout.relative(made.path)
        details = {"file": where, "entries": made.entries, "head_hash": made.head_hash}
        emit(Event("audit.checkpoint_made", f"audit checkpoint {where}", details))


def _check(record: Record, emit: EventSink) -> None:
    from service.integrity import check_everything

    report = check_everything(record)
    for problem in report.problems:
        emit(Event("check.problem", problem.message, problem.to_dict()))
    verdict = "everything holds" if report.ok else f"{len(report.problems)} problems"
    details = {"ok": report.ok, "problems": len(report.problems), "checked": report.checked}
    emit(Event("check.done", f"integrity check: {verdict}", details))
