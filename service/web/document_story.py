"""A document's history as its page tells it: each audit entry in words with the person's
full name, and the changes of its tag (when, who, from which code to which, why)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from queries.document_page import HistoryEntry
from queries.people import full_names
from service.web.audit_words import AuditWords, describe
from service.web.labels import label
from store.database import Store

TAGGED = "document.tagged"
SYSTEM_NAME = "Hệ thống"  # the entries no person made


@dataclass(frozen=True)
class StoryLine:
    at: datetime
    who: str
    words: AuditWords


@dataclass(frozen=True)
class TagChange:
    at: datetime
    who: str
    before: str | None
    after: str
    source: str  # in words
    reason: str | None


@dataclass(frozen=True)
class DocumentStory:
    lines: tuple[StoryLine, ...]
    tag_changes: tuple[TagChange, ...]


def document_story(store: Store, entries: Sequence[HistoryEntry]) -> DocumentStory:
    names = full_names(store, {entry.actor for entry in entries})
    lines = tuple(
        StoryLine(entry.at, _who(names, entry.actor), describe(entry.action, entry.details))
        for entry in entries
    )
    changes: list[TagChange] = []
    for entry in entries:
        if entry.action != TAGGED:
            continue
        details = entry.details
        before = details.get("previous") if "previous" in details else _last(changes)
        changes.append(
            TagChange(
                at=entry.at,
                who=_who(names, entry.actor),
                before=str(before) if before else None,
                after=str(details.get("dossier", "")),
                source=label("tag", details.get("source")),
                reason=str(details["reason"]) if details.get("reason") else None,
            )
        )
    return DocumentStory(lines, tuple(changes))


def _who(names: dict[str, str], actor: str) -> str:
    if actor == "system":
        return SYSTEM_NAME
    shown = names.get(actor, actor)
    prefix, separator, name = shown.partition(":")
    # A user without a full name goes by their login name, never by the trail's actor form.
    return name if shown == actor and separator and prefix in ("web", "cli", "api") else shown


def _last(changes: list[TagChange]) -> str | None:
    return changes[-1].after if changes else None
