"""One file copied durably and hashed in the same read.

The copy is written under a temporary name beside its target (`.<name>.partial`), forced
to disk and renamed into place; the folders it was renamed into are forced to disk by
`Folders.sync` before anything that relies on them (a manifest, a snapshot's final name).
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path

from config.file_modes import FOLDER_MODE
from store.files import fsync_folder

_CHUNK = 1 << 20


@dataclass(frozen=True)
class Copied:
    sha256: str
    size: int
    placed: bool  # False: it did not hash to what was expected, and was not put in place


@dataclass
class Folders:
    """The folders files were renamed into, to be forced to disk once at the end."""

    touched: set[Path] = field(default_factory=set)

    def make(self, folder: Path) -> None:
        missing = []
        while not folder.is_dir():
            missing.append(folder)
            folder = folder.parent
        for made in reversed(missing):
            made.mkdir(mode=FOLDER_MODE)
            self.touched.add(made.parent)
        self.touched.add(missing[0] if missing else folder)

    def sync(self) -> None:
        for folder in sorted(self.touched, key=lambda path: len(path.parts), reverse=True):
            if folder.is_dir():
                fsync_folder(folder)
        self.touched.clear()


def copy_hashed(
    source: Path, target: Path, mode: int, folders: Folders, expected: str | None = None
) -> Copied:
    """Copy `source` to `target` with `mode`; when `expected` is given and the content does
    not hash to it, nothing is put in place."""
    folders.make(target.parent)
    partial = target.with_name(f".{target.name}.partial")
    digest = hashlib.sha256()
    size = 0
    try:
        with source.open("rb") as reading, partial.open("wb") as writing:
            while chunk := reading.read(_CHUNK):
                digest.update(chunk)
                writing.write(chunk)
                size += len(chunk)
            writing.flush()
            os.fsync(writing.fileno())
        sha256 = digest.hexdigest()
        if expected is not None and sha256 != expected:
            return Copied(sha256, size, placed=False)
        partial.chmod(mode)
        partial.replace(target)
        return Copied(sha256, size, placed=True)
    finally:
        partial.unlink(missing_ok=True)
