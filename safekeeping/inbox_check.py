"""Nothing left waiting in the inbox: a file older than the limit was never taken in
(refused without a trace, or the service was not running), and a clerk must look."""

from __future__ import annotations

import time
from pathlib import Path

from safekeeping.findings import CheckReport, ProblemKind
from store.archive import Layout


def check_inbox(layout: Layout, max_age_hours: float, report: CheckReport) -> None:
    oldest_allowed = time.time() - max_age_hours * 3600
    for path in sorted(_files(layout.inbox)):
        report.count("inbox files")
        try:
            modified = path.stat().st_mtime
        except FileNotFoundError:
            continue  # taken in while we looked
        if modified < oldest_allowed:
            hours = (time.time() - modified) / 3600
            where = layout.relative(path)
            message = f"{where} has waited in the inbox for {hours:.0f} hours"
            report.found(ProblemKind.INBOX_STALE, "inbox", where, message, hours=round(hours))


def _files(inbox: Path) -> list[Path]:
    if not inbox.is_dir():
        return []
    return [path for path in inbox.rglob("*") if path.is_file() and not path.is_symlink()]
