"""The data directory's folders, and the content-addressed archive of originals.

Originals are stored once per content under `archive/ab/cd/<sha256>` and never changed or
deleted (read-only). Outputs go to `outputs/<unit>/<dossier>/`, receipts to
`receipts/<series>/<number>.{pdf,docx,xml}`.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from config.file_modes import FOLDER_MODE, INBOX_MODE, READ_ONLY_MODE
from store.files import durable_move, fsync_folder

UNTAGGED_FOLDER = "_chua-gan-ma"  # "not yet tagged"
_CHUNK = 1 << 20


@dataclass(frozen=True)
class Layout:
    """Where everything lives under the data directory."""

    data_dir: Path

    @property
    def inbox(self) -> Path:
        return self.data_dir / "inbox"

    @property
    def archive(self) -> Path:
        return self.data_dir / "archive"

    @property
    def outputs(self) -> Path:
        return self.data_dir / "outputs"

    @property
    def quarantine(self) -> Path:
        return self.data_dir / "quarantine"

    @property
    def receipts(self) -> Path:
        return self.data_dir / "receipts"

    @property
    def work(self) -> Path:
        return self.data_dir / "work"

    def create(self) -> None:
        """The folders, with the modes of the data directory's policy (`config.file_modes`)."""
        folders = (self.archive, self.outputs, self.quarantine, self.receipts, self.work)
        for folder, mode in ((self.data_dir, FOLDER_MODE), (self.inbox, INBOX_MODE)):
            folder.mkdir(parents=True, exist_ok=True)
            _set_mode(folder, mode)
        for folder in folders:
            folder.mkdir(exist_ok=True)
            _set_mode(folder, FOLDER_MODE)

    def relative(self, path: Path) -> str:
        return path.relative_to(self.data_dir).as_posix()

    def absolute(self, relative: str) -> Path:
        return self.data_dir / relative

    def output_folder(self, unit: str, dossier_code: str | None) -> Path:
        return self.outputs / unit / (dossier_code or UNTAGGED_FOLDER)


@dataclass(frozen=True)
class ArchivedFile:
    sha256: str
    path: Path
    size: int


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as reading:
        while chunk := reading.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def archive_original(layout: Layout, source: Path) -> ArchivedFile:
    """Copy `source` into the archive durably, hashing as it goes, in one read.

    An identical original already archived is kept as it is.
    """
    incoming = _incoming(layout)
    incoming.mkdir(parents=True, exist_ok=True)
    descriptor, partial_name = tempfile.mkstemp(dir=incoming, suffix=".partial")
    partial = Path(partial_name)
    try:
        digest = hashlib.sha256()
        with source.open("rb") as reading, os.fdopen(descriptor, "wb") as writing:
            while chunk := reading.read(_CHUNK):
                digest.update(chunk)
                writing.write(chunk)
            writing.flush()
            os.fsync(writing.fileno())
        sha256 = digest.hexdigest()
        target = layout.archive / sha256[:2] / sha256[2:4] / sha256
        if not target.exists():
            partial.chmod(READ_ONLY_MODE)
            durable_move(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    return ArchivedFile(sha256, target, target.stat().st_size)


def remove_unfinished_copies(layout: Layout) -> int:
    """Remove the copies into the archive that a stopped service left half made (their
    originals are still in the inbox); how many. Only while no copy is being made."""
    removed = 0
    for partial in _incoming(layout).glob("*.partial"):
        partial.unlink(missing_ok=True)
        removed += 1
    return removed


def _incoming(layout: Layout) -> Path:
    return layout.archive / "incoming"


def remove_from_inbox(path: Path) -> None:
    path.unlink(missing_ok=True)
    fsync_folder(path.parent)


def _set_mode(path: Path, mode: int) -> None:
    if path.stat().st_mode & 0o7777 != mode:
        path.chmod(mode)
