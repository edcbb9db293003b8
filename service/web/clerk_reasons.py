"""The `.reason.txt` files set beside quarantined and refused files, read for the clerk.

A reason file starts with the Vietnamese part ("Tệp: …", "Nhận lúc: …", "Lý do: …"), then
a blank line and the operator's English; the page shows the Vietnamese reason.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from intake.reasons import REASON_SUFFIX
from store.archive import Layout

REFUSED_FOLDER = "_refused"
_MAX_REASON_BYTES = 16_384
_MAX_REFUSED_READ = 500  # reason files looked into for one page, newest first


@dataclass(frozen=True)
class RefusedFile:
    inbox_path: str  # where it was dropped, relative to the inbox
    reason: str
    set_aside_at: datetime


def quarantine_reason(layout: Layout, copy: str | None) -> str | None:
    """The Vietnamese reason beside the quarantined copy at `copy` (relative), if readable."""
    if not copy:
        return None
    root = layout.quarantine.resolve()
    path = (layout.data_dir / f"{copy}{REASON_SUFFIX}").resolve()
    if not path.is_relative_to(root):
        return None
    fields = _read_fields(path)
    return fields.get("Lý do") if fields else None


def refused_files(layout: Layout, unit_codes: tuple[str, ...], limit: int) -> list[RefusedFile]:
    """The newest files the inbox refused inside the clerk's unit folders, at most `limit`."""
    folder = layout.quarantine / REFUSED_FOLDER
    try:
        entries = [
            (entry.stat().st_mtime, Path(entry.path))
            for entry in os.scandir(folder)
            if entry.name.endswith(REASON_SUFFIX) and entry.is_file(follow_symlinks=False)
        ]
    except OSError:
        return []
    found = []
    for mtime, path in sorted(entries, reverse=True)[:_MAX_REFUSED_READ]:
        fields = _read_fields(path) or {}
        dropped = fields.get("Tệp", "")
        if dropped.split("/", 1)[0] not in unit_codes:
            continue
        when = datetime.fromtimestamp(mtime, UTC)
        found.append(RefusedFile(dropped, fields.get("Lý do", ""), when))
        if len(found) >= limit:
            break
    return found


def _read_fields(path: Path) -> dict[str, str] | None:
    """The 'Name: value' lines before the first blank line."""
    try:
        with path.open("rb") as file:
            text = file.read(_MAX_REASON_BYTES).decode("utf-8", errors="replace")
    except OSError:
        return None
    fields: dict[str, str] = {}
    for line in text.split("\n\n", 1)[0].splitlines():
        name, colon, value = line.partition(":")
        if colon:
            fields.setdefault(name.strip(), value.strip())
    return fields
