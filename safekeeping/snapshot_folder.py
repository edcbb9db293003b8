"""Filling one snapshot's folder, and DEST's shared archive, from the data directory.

A round of the backup asks for the files its database copy records; what an earlier round
already holds with the right content stays, so a later round copies only what changed.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from config import SohoaError
from config.errors import ExitCode
from config.file_modes import FILE_MODE, READ_ONLY_MODE
from safekeeping.copying import Folders, copy_hashed
from safekeeping.destination import Destination
from safekeeping.manifest import MANIFEST_NAME, DamagedBackupError, ManifestFile, read_manifest
from store.archive import Layout


class BackupError(SohoaError):
    exit_code = ExitCode.invalid_output


@dataclass(frozen=True)
class Wanted:
    """A file a snapshot must hold, by its path in the data directory."""

    path: str
    sha256: str | None  # what the database copy says it holds; None: whatever it holds
    required: bool = True  # False: a file that may have been cleared away meanwhile


@dataclass
class Tally:
    originals_copied: int = 0
    originals_there: int = 0
    files_copied: int = 0
    files_linked: int = 0
    bytes_copied: int = 0


class SnapshotFolder:
    def __init__(self, layout: Layout, destination: Destination, name: str) -> None:
        self.layout = layout
        self.destination = destination
        self.folder = destination.partial(name)
        self.folders = Folders()
        self.tally = Tally()
        self.held: dict[str, ManifestFile] = {}
        self._originals: dict[str, ManifestFile] = {}  # in DEST's archive, this backup
        self._previous_folder, self._previous = _previous_snapshot(destination)
        self.folders.make(self.folder)

    def original(self, archive_path: str) -> ManifestFile:
        """The archived original in DEST's shared archive, copied only if not there yet."""
        if archive_path not in self._originals:
            self._originals[archive_path] = self._keep_original(archive_path)
        return self._originals[archive_path]

    def _keep_original(self, archive_path: str) -> ManifestFile:
        source = self.layout.absolute(archive_path)
        target = self.destination.root / archive_path
        sha256 = PurePosixPath(archive_path).name
        try:
            size = source.stat().st_size
        except FileNotFoundError as error:
            raise BackupError(
                f"the archived original {archive_path} is missing from the data directory: "
                "run `sohoa check`",
                code="backup.original_missing",
                params={"file": archive_path},
            ) from error
        if target.is_file() and target.stat().st_size == size:
            self.tally.originals_there += 1
            return ManifestFile(archive_path, sha256, size)
        copied = copy_hashed(source, target, READ_ONLY_MODE, self.folders, expected=sha256)
        if not copied.placed:
            raise BackupError(
                f"the archived original {archive_path} no longer hashes to its name (its "
                f"SHA-256 is {copied.sha256}): the archive is damaged; run `sohoa check`",
                code="backup.original_damaged",
                params={"file": archive_path, "sha256": copied.sha256},
            )
        self.tally.originals_copied += 1
        self.tally.bytes_copied += copied.size
        return ManifestFile(archive_path, sha256, copied.size)

    def take(self, wanted: Wanted) -> str | None:
        """Hold `wanted` in the snapshot; what is wrong with it (it will not settle), or None."""
        held = self.held.get(wanted.path)
        if held is not None and wanted.sha256 in (None, held.sha256):
            return None
        self.drop(wanted.path)
        if self._link_previous(wanted):
            return None
        source, target = self.layout.absolute(wanted.path), self.folder / wanted.path
        try:
            copied = copy_hashed(source, target, FILE_MODE, self.folders)
        except FileNotFoundError:
            self.drop(wanted.path)
            return f"{wanted.path} is missing" if wanted.required else None
        self.held[wanted.path] = ManifestFile(wanted.path, copied.sha256, copied.size)
        self.tally.files_copied += 1
        self.tally.bytes_copied += copied.size
        if wanted.sha256 is not None and copied.sha256 != wanted.sha256:
            return f"{wanted.path} holds SHA-256 {copied.sha256}, the record says {wanted.sha256}"
        return None

    def keep_only(self, paths: set[str]) -> None:
        """Drop what an earlier round took and the last one no longer names (a moved output)."""
        for path in [held for held in self.held if held not in paths]:
            self.drop(path)

    def drop(self, path: str) -> None:
        if self.held.pop(path, None) is not None:
            (self.folder / path).unlink(missing_ok=True)

    def _link_previous(self, wanted: Wanted) -> bool:
        """An output identical to the previous snapshot's is a hard link to it."""
        before = self._previous.get(wanted.path)
        if wanted.sha256 is None or before is None or before.sha256 != wanted.sha256:
            return False
        source, target = self._previous_folder / before.path, self.folder / wanted.path
        self.folders.make(target.parent)
        try:
            if source.stat().st_size != before.size:
                return False
            os.link(source, target)
        except OSError:  # gone, or a filesystem without hard links: copy instead
            return False
        self.held[wanted.path] = before
        self.tally.files_linked += 1
        return True


def _previous_snapshot(destination: Destination) -> tuple[Path, dict[str, ManifestFile]]:
    """The newest complete snapshot's folder and the files its manifest names."""
    newest = destination.newest()
    if newest is None:
        return destination.snapshots, {}
    folder = destination.snapshot(newest)
    try:
        manifest = read_manifest(folder / MANIFEST_NAME)
    except DamagedBackupError:
        return folder, {}  # nothing to link to: everything is copied
    return folder, {item.path: item for item in manifest.files}
