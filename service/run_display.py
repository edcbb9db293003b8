"""What `sohoa run` shows on a terminal: the one-line status it keeps, and each event in the
command line's language where the event's details name what the words need (the `--json`
log keeps every event's English message)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from rich.text import Text

from runtime.events import Counters, Event
from runtime.queue import JobQueue
from service.check_words import problem_label, problem_text
from service.formats import vn_count
from service.i18n import _, current_language
from service.messages import text_of

Details = Mapping[str, Any]


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
    """The event in the command line's language; its own English message when English is
    asked for, or when its details lack what the words need."""
    words = _WORDS.get(event.kind)
    if current_language() == "en" or words is None:
        return event.message
    try:
        return words(event.details)
    except KeyError:
        return event.message


def _started(details: Details) -> str:
    said = _("watching {inbox}").format(inbox=details["inbox"])
    if details.get("web"):
        said += "; " + _("web interface on {url}").format(url=details["web"])
    return said


def _once_done(details: Details) -> str:
    return _("inbox done: {received} received, {digitized} digitized").format(
        received=vn_count(details["received"]), digitized=vn_count(details["digitized"])
    )


def _received(details: Details) -> str:
    return _("{file}: received as document {document}").format(
        file=details["file"], document=details["document"]
    )


def _duplicate(details: Details) -> str:
    return _("{file}: same content as document {document}; recorded, not digitized again").format(
        file=details["file"], document=details["document"]
    )


def _digitized(details: Details) -> str:
    dossier = details["dossier"]
    return _("{file} -> {output}: {dossier}, {seconds} s").format(
        file=details["file"],
        output=details["output"],
        dossier=_("dossier {code}").format(code=dossier) if dossier else _("untagged"),
        seconds=f"{details['seconds']:.1f}".replace(".", ","),
    )


def _refused(details: Details) -> str:
    return _("{file} not taken in: {reason} (set aside in {copy})").format(
        file=details["file"], reason=details["clerk_reason"], copy=details["copy"]
    )


def _quarantined(details: Details) -> str:
    return _("{file} could not be digitized: {reason} (set aside in {copy})").format(
        file=details["file"], reason=details["clerk_reason"], copy=details["copy"]
    )


def _retry(details: Details) -> str:
    return _("job {job}, attempt {attempt}: {reason}; trying again in {seconds} s").format(
        job=details["job"],
        attempt=details["attempt"],
        reason=_reason(details),
        seconds=vn_count(round(details["seconds"])),
    )


def _signing_refused(details: Details) -> str:
    return _(
        "{file}: the output changed after batch {batch} was submitted; it was not signed"
    ).format(file=details["file"], batch=details["batch"])


def _signing_failed(details: Details) -> str:
    return _("{file} (batch {batch}) could not be signed: {reason}").format(
        file=details["file"], batch=details["batch"], reason=_reason(details)
    )


def _signed(details: Details) -> str:
    return _("document {document} signed (batch {batch})").format(
        document=details["document"], batch=details.get("batch", "-")
    )


def _validation_data_failed(details: Details) -> str:
    return _("document {document}: validation data not added: {reason}").format(
        document=details["document"], reason=_reason(details)
    )


def _ltv_pass(details: Details) -> str:
    said = _("validation data added to {done} signed outputs").format(
        done=vn_count(details["done"])
    )
    if details.get("failed"):
        said += _(", {failed} left for the next pass").format(failed=vn_count(details["failed"]))
    return said


def _resumed(details: Details) -> str:
    return _("{jobs} unfinished jobs resumed").format(jobs=vn_count(details["jobs"]))


def _cleaned(details: Details) -> str:
    return _("{copies} half-made archive copies removed").format(copies=vn_count(details["copies"]))


def _checkpoint(details: Details) -> str:
    return _("audit checkpoint {file}").format(file=details["file"])


def _check_problem(details: Details) -> str:
    said = problem_text(details["kind"], details["message"], details["path"], details["params"])
    return f"{problem_label(details['kind'])} {said}"


def _check_done(details: Details) -> str:
    if details["ok"]:
        return _("integrity check: everything holds")
    return _("integrity check: {problems} problems").format(problems=vn_count(details["problems"]))


def _daily_data(details: Details) -> str:
    return _("receipts' daily data {file} delivered to {where}").format(
        file=details["file"], where=details["delivered_to"]
    )


def _reason(details: Details) -> str:
    """An error's reason in the catalogue's words when it has its code, else as it was said."""
    return text_of(details.get("code"), details.get("params", {})) or str(details["reason"])


_WORDS: dict[str, Callable[[Details], str]] = {
    "service.started": _started,
    "service.once_done": _once_done,
    "document.received": _received,
    "document.duplicate_received": _duplicate,
    "document.digitized": _digitized,
    "file.refused": _refused,
    "document.quarantined": _quarantined,
    "job.retry_scheduled": _retry,
    "document.signing_refused": _signing_refused,
    "document.signing_failed": _signing_failed,
    "document.signed": _signed,
    "document.validation_data_failed": _validation_data_failed,
    "signing.ltv_pass": _ltv_pass,
    "jobs.resumed": _resumed,
    "archive.cleaned": _cleaned,
    "audit.checkpoint_made": _checkpoint,
    "check.problem": _check_problem,
    "check.done": _check_done,
    "receipt.daily_data_delivered": _daily_data,
}
