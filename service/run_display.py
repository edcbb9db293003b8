"""What `sohoa run` shows on a terminal: the one-line status it keeps, and each event in the
command line's language where the event's details name what the words need (the `--json`
log keeps every event's English message)."""

from __future__ import annotations

from rich.text import Text

from runtime.events import Counters, Event
from runtime.queue import JobQueue
from service.formats import vn_count
from service.i18n import _, current_language


class StatusLine:
    def __init__(self, counters: Counters, queue: JobQueue) -> None:
        self.counters = counters
        self.queue = queue

    def render(self) -> Text:
        counters = self.counters
        return Text(
            _(
                "queue {queue} · received {received} · digitized {digitized} · pages {pages} · "
                "duplicates {duplicates} · retried {retried} · quarantined {quarantined}"
            ).format(
                queue=vn_count(self.queue.pending()),
                received=vn_count(counters.received),
                digitized=vn_count(counters.digitized),
                pages=vn_count(counters.pages_done),
                duplicates=vn_count(counters.duplicates),
                retried=vn_count(counters.retried),
                quarantined=vn_count(counters.quarantined),
            )
        )


def event_line(event: Event) -> str:
    """The event in Vietnamese where its details allow; its own English message otherwise."""
    if current_language() == "en":
        return event.message
    details = event.details
    match event.kind:
        case "service.started" if "inbox" in details:
            said = _("watching {inbox}").format(inbox=details["inbox"])
            if details.get("web"):
                said += "; " + _("web interface on {url}").format(url=details["web"])
            return said
        case "service.once_done":
            return _("inbox done: {received} received, {digitized} digitized").format(
                received=vn_count(details["received"]), digitized=vn_count(details["digitized"])
            )
        case "document.received" if "file" in details:
            return _("{file}: received as document {document}").format(**details)
        case "document.duplicate_received" if "file" in details:
            return _(
                "{file}: same content as document {document}; recorded, not digitized again"
            ).format(**details)
        case "document.digitized" if "file" in details:
            return _("{file} -> {output}: {dossier}, {seconds} s").format(
                file=details["file"],
                output=details["output"],
                dossier=_("dossier {code}").format(code=details["dossier"])
                if details["dossier"]
                else _("untagged"),
                seconds=f"{details['seconds']:.1f}".replace(".", ","),
            )
        case "jobs.resumed":
            return _("{jobs} unfinished jobs resumed").format(jobs=details["jobs"])
        case "archive.cleaned" if "copies" in details:
            return _("{copies} half-made archive copies removed").format(copies=details["copies"])
        case "audit.checkpoint_made":
            return _("audit checkpoint {file}").format(file=details["file"])
        case "check.done":
            if details["ok"]:
                return _("integrity check: everything holds")
            return _("integrity check: {problems} problems").format(problems=details["problems"])
        case "document.signed" if "document" in details:
            return _("document {document} signed (batch {batch})").format(
                document=details["document"], batch=details.get("batch", "-")
            )
    return event.message
