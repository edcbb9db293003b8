"""Where backups live: one folder (DEST) holding every snapshot taken into it.

    DEST/archive/ab/cd/<sha256>        archived originals, shared by all snapshots
    DEST/snapshots/<UTC time>/         one complete snapshot: the database copy, outputs,
                                       receipts, set-aside files, checkpoints, manifest.json
    DEST/snapshots/<UTC time>.partial/ a snapshot being written, or left by a backup that
                                       failed: never restored, safe to delete

A snapshot's name is its UTC time (`2026-03-01T013000Z`), so names sort as times do.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from safekeeping.manifest import MANIFEST_NAME, DamagedBackupError

PARTIAL_SUFFIX = ".partial"
_NAME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{6}Z(-\d+)?")


@dataclass(frozen=True)
class Destination:
    root: Path

    @property
    def archive(self) -> Path:
        return self.root / "archive"

    @property
    def snapshots(self) -> Path:
        return self.root / "snapshots"

    def snapshot(self, name: str) -> Path:
        return self.snapshots / name

    def partial(self, name: str) -> Path:
        return self.snapshots / f"{name}{PARTIAL_SUFFIX}"

    def new_name(self, moment: datetime) -> str:
        """The snapshot's name for `moment` (UTC), numbered if that second is taken."""
        base = moment.strftime("%Y-%m-%dT%H%M%SZ")
        name, counter = base, 1
        while self.snapshot(name).exists() or self.partial(name).exists():
            counter += 1
            name = f"{base}-{counter}"
        return name

    def complete_snapshots(self) -> list[str]:
        """The names of the finished snapshots, oldest first."""
        if not self.snapshots.is_dir():
            return []
        return sorted(
            path.name
            for path in self.snapshots.iterdir()
            if _NAME.fullmatch(path.name) and (path / MANIFEST_NAME).is_file()
        )

    def newest(self) -> str | None:
        found = self.complete_snapshots()
        return found[-1] if found else None

    def chosen(self, name: str | None) -> Path:
        """The snapshot to restore: the one named, else the newest complete one."""
        complete = self.complete_snapshots()
        if name is None:
            if not complete:
                raise DamagedBackupError(
                    f"{self.root} holds no complete backup snapshot (no "
                    f"snapshots/<time>/{MANIFEST_NAME}): is it the folder `sohoa backup` "
                    "wrote to?",
                    code="backup.no_snapshot",
                    params={"folder": self.root},
                )
            return self.snapshot(complete[-1])
        if name not in complete:
            shown = ", ".join(complete[-5:]) or "none"
            raise DamagedBackupError(
                f"{self.snapshots} has no complete snapshot named {name} (the newest: {shown})",
                code="backup.snapshot_unknown",
                params={
                    "folder": self.snapshots,
                    "name": name,
                    "newest": ", ".join(complete[-5:]) or "—",
                },
            )
        return self.snapshot(name)
