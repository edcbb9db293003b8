"""The inbox loop behind `sohoa run`: scans dropped in `<data>/inbox` become PDF/A.

A file is taken once its size and modification time hold still between two looks.
Its PDF goes to `<data>/outbox`; the original is kept in `<data>/archive`, or, when it
cannot be digitized, in `<data>/quarantine` beside a `.reason.txt` saying why.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from config import SohoaError
from digitizer import DigitizeOptions, DigitizeResult, digitize_many


@dataclass(frozen=True)
class InboxLayout:
    inbox: Path
    outbox: Path
    archive: Path
    quarantine: Path

    @classmethod
    def under(cls, data_dir: Path) -> InboxLayout:
        return cls(
            data_dir / "inbox", data_dir / "outbox", data_dir / "archive", data_dir / "quarantine"
        )

    def create(self) -> None:
        for folder in (self.inbox, self.outbox, self.archive, self.quarantine):
            folder.mkdir(parents=True, exist_ok=True)


def stable_files(inbox: Path, seen: dict[Path, tuple[int, float]]) -> list[Path]:
    """Regular files whose size and mtime match the previous look (symlinks refused)."""
    ready, current = [], {}
    for path in sorted(_files(inbox)):
        stat = path.stat()
        current[path] = (stat.st_size, stat.st_mtime)
        if seen.get(path) == current[path]:
            ready.append(path)
    seen.clear()
    seen.update({path: mark for path, mark in current.items() if path not in ready})
    return ready


def _files(inbox: Path) -> Iterator[Path]:
    for path in inbox.rglob("*"):
        if path.is_symlink() or not path.is_file() or path.name.startswith("."):
            continue
        yield path


def process(
    files: list[Path], layout: InboxLayout, options: DigitizeOptions
) -> list[DigitizeResult | SohoaError]:
    outcomes = digitize_many(files, layout.outbox, options, keep_existing=True)
    for path, outcome in zip(files, outcomes, strict=True):
        if isinstance(outcome, SohoaError):
            _quarantine(path, layout, outcome.message)
        else:
            _move_beside(path, layout.archive, layout.inbox)
    return outcomes


def _quarantine(path: Path, layout: InboxLayout, reason: str) -> None:
    kept = _move_beside(path, layout.quarantine, layout.inbox)
    kept.with_name(kept.name + ".reason.txt").write_text(reason + "\n", encoding="utf-8")


def _move_beside(path: Path, folder: Path, inbox: Path) -> Path:
    """Move keeping the sub-folder, never overwriting an earlier file of the same name."""
    target = folder / path.relative_to(inbox)
    target.parent.mkdir(parents=True, exist_ok=True)
    stem, counter = target, 1
    while target.exists():
        counter += 1
        target = stem.with_name(f"{stem.stem}-{counter}{stem.suffix}")
    shutil.move(path, target)
    return target


def watch(
    layout: InboxLayout,
    options: DigitizeOptions,
    on_outcome: Callable[[DigitizeResult | SohoaError], None],
    *,
    poll_seconds: float,
    once: bool,
) -> None:
    """Digitize what settles in the inbox; with `once`, stop when the inbox is empty."""
    seen: dict[Path, tuple[int, float]] = {}
    while True:
        ready = stable_files(layout.inbox, seen)
        for outcome in process(ready, layout, options) if ready else []:
            on_outcome(outcome)
        if once and not seen and not ready:
            return
        time.sleep(poll_seconds)
