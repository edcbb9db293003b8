"""The watcher's arrivals and refusals, handed to intake."""

from __future__ import annotations

import logging
from pathlib import Path

from intake.reasons import vietnamese_refusal
from intake.refusals import set_aside
from intake.register import IncomingFile, register
from runtime.context import JobContext
from store.states import DocumentKind
from watch_folders import Arrival, FolderKind, Refusal, entries_under, route

log = logging.getLogger("sohoa.run")
_KINDS = {FolderKind.intake: DocumentKind.INTAKE, FolderKind.results: DocumentKind.RESULT}


class InboxWiring:
    def __init__(self, context: JobContext) -> None:
        self.context = context

    def arrived(self, arrival: Arrival) -> None:
        register(
            self.context,
            IncomingFile(
                path=arrival.path,
                inbox_path=arrival.relative,
                unit=arrival.unit,
                kind=_KINDS[arrival.kind],
                folder_name=arrival.folder_name,
            ),
        )

    def refused(self, refusal: Refusal) -> None:
        clerk_reason = vietnamese_refusal(refusal.code, refusal.params)
        set_aside(self.context, refusal.path, refusal.reason, clerk_reason)


def take_waiting_files(inbox: Path, wiring: InboxWiring) -> None:
    """Everything in the inbox now, without waiting for it to settle (`sohoa run --once`)."""
    root = inbox.resolve()
    for path in sorted(entries_under(root)):
        found = route(root, path)
        if isinstance(found, Arrival):
            wiring.arrived(found)
        elif isinstance(found, Refusal):
            wiring.refused(found)
