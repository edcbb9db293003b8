"""A file the inbox cannot take (wrong place, a link) is set aside with the reason, not lost."""

from __future__ import annotations

from pathlib import Path

from jobs.events import Event
from jobs.quarantine import reason_file_text
from jobs.services import Services
from store import audit
from store.files import durable_move, durable_write_text, free_name

_NOT_TAKEN = "Tệp không được nhận vào hộp thư đến (sai chỗ, hoặc là liên kết)."


def set_aside(services: Services, path: Path, reason: str) -> Path | None:
    """Move the refused file (a link as the link itself) to `quarantine/_refused/`."""
    if not path.exists() and not path.is_symlink():
        return None
    inbox = services.layout.inbox.resolve()
    relative = path.relative_to(inbox) if path.is_relative_to(inbox) else Path(path.name)
    target = free_name(services.layout.quarantine / "_refused", path.name)
    durable_move(path, target)
    durable_write_text(
        target.with_name(f"{target.name}.reason.txt"),
        reason_file_text(relative.as_posix(), _NOT_TAKEN, reason),
    )
    with services.store.writing() as session:
        audit.record(
            session,
            "file.refused",
            f"inbox:{relative.as_posix()}",
            reason=reason,
            copy=services.layout.relative(target),
        )
    services.emit(Event("file.refused", f"{relative.as_posix()}: {reason}", {}))
    return target
