"""A file the inbox cannot take (wrong place, a link) is set aside with the reason, not lost."""

from __future__ import annotations

from pathlib import Path

from intake.reasons import reason_file_text, write_reason_beside
from runtime.context import JobContext
from runtime.events import Event
from store import audit
from store.files import durable_move, free_name


def set_aside(context: JobContext, path: Path, reason: str, clerk_reason: str) -> Path | None:
    """Move the refused file (a link as the link itself) to `quarantine/_refused/`, with its
    `reason` (English, for the operator) and `clerk_reason` (Vietnamese) beside it."""
    if not path.exists() and not path.is_symlink():
        return None
    inbox = context.layout.inbox.resolve()
    relative = path.relative_to(inbox) if path.is_relative_to(inbox) else Path(path.name)
    target = free_name(context.layout.quarantine / "_refused", path.name)
    durable_move(path, target)
    write_reason_beside(target, reason_file_text(relative.as_posix(), clerk_reason, reason))
    copy = context.layout.relative(target)
    with context.store.writing() as session:
        audit.record(
            session, "file.refused", f"inbox:{relative.as_posix()}", reason=reason, copy=copy
        )
    details = {"file": relative.as_posix(), "copy": copy, "clerk_reason": clerk_reason}
    context.emit(Event("file.refused", f"{relative.as_posix()}: {reason}", details))
    return target
