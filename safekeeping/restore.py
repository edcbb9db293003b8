"""`sohoa restore SRC`: a backup snapshot put back into an empty data directory.

1. The snapshot: the one named, else the newest complete one in SRC (a backup's DEST).
2. The target, the data directory and store of the current settings, must be empty: no
   record in the database, no file in the archive, outputs, receipts or quarantine.
3. Every file the manifest names is read and hashed before anything is put in place: a
   damaged backup is refused, naming each damaged file.
4. The database is put back (`store.snapshot`), then the archived originals, outputs,
   receipts, set-aside files and audit checkpoints, with the data directory's modes.

Nothing is added to the audit trail: the restored record is the snapshot's, exactly.
`sohoa check` then shows that it holds.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from config import Settings, SohoaError
from config.errors import ExitCode
from config.file_modes import FILE_MODE, PRIVATE_UMASK, READ_ONLY_MODE
from safekeeping.copying import Folders, copy_hashed
from safekeeping.destination import Destination
from safekeeping.manifest import (
    MANIFEST_NAME,
    DamagedBackupError,
    Manifest,
    ManifestFile,
    read_manifest,
)
from store.archive import Layout, sha256_of
from store.snapshot import put_database_back, store_kind, what_the_database_holds

_SHOWN = 10  # damaged files or files in the way named in one message


class RestoreRefusedError(SohoaError):
    """The target is not empty, or not of the snapshot's kind: nothing was written."""

    exit_code = ExitCode.bad_args


@dataclass(frozen=True)
class _Piece:
    source: Path  # in the backup
    item: ManifestFile
    mode: int


@dataclass(frozen=True)
class RestoreResult:
    snapshot: Path
    manifest: Manifest
    files: int
    bytes_restored: int


def restore_backup(settings: Settings, source: Path, name: str | None) -> RestoreResult:
    backup = Destination(source)
    folder = backup.chosen(name)
    manifest = read_manifest(folder / MANIFEST_NAME)
    layout = Layout(settings.data_dir)
    _refuse_unless_empty(settings, layout, manifest)
    pieces = [
        *(_Piece(backup.root / item.path, item, READ_ONLY_MODE) for item in manifest.archive),
        *(_Piece(folder / item.path, item, FILE_MODE) for item in manifest.files),
    ]
    database = _Piece(folder / manifest.database.path, manifest.database, FILE_MODE)
    _refuse_if_damaged(folder, [database, *pieces])
    os.umask(PRIVATE_UMASK)
    layout.create()
    put_database_back(database.source, settings.store_url)
    _place(layout, pieces)
    held = sum(piece.item.size for piece in pieces)
    return RestoreResult(folder, manifest, len(pieces), held + manifest.database.size)


def _refuse_unless_empty(settings: Settings, layout: Layout, manifest: Manifest) -> None:
    kind = store_kind(settings.store_url)
    if kind != manifest.store:
        raise RestoreRefusedError(
            f"the snapshot holds a {manifest.store} database and the settings name a {kind} "
            f"store: restore it with settings of the same kind (database_url)",
            code="restore.store_kind",
            params={"snapshot_store": manifest.store, "store": kind},
        )
    in_the_way = what_the_database_holds(settings.store_url) + _files_in(layout)
    if in_the_way:
        raise RestoreRefusedError(
            f"restore needs an empty data directory ({layout.data_dir}) and an empty "
            f"database; nothing was restored. In the way: {'; '.join(in_the_way)}",
            code="restore.not_empty",
            params={"data_dir": layout.data_dir, "in_the_way": "; ".join(in_the_way)},
        )


def _files_in(layout: Layout) -> list[str]:
    found = []
    for folder in (layout.archive, layout.outputs, layout.receipts, layout.quarantine):
        files = sorted(path for path in folder.rglob("*") if not path.is_dir())
        if files:
            examples = ", ".join(layout.relative(path) for path in files[:3])
            found.append(f"{layout.relative(folder)}/ holds {len(files)} files ({examples})")
    return found


def _refuse_if_damaged(folder: Path, pieces: list[_Piece]) -> None:
    damaged = [problem for piece in pieces if (problem := _damage(piece)) is not None]
    if damaged:
        shown = "; ".join(damaged[:_SHOWN])
        more = f"; and {len(damaged) - _SHOWN} more" if len(damaged) > _SHOWN else ""
        raise DamagedBackupError(
            f"the backup snapshot {folder} is damaged, nothing was restored: {shown}{more}",
            code="restore.snapshot_damaged",
            params={"folder": folder, "problems": f"{shown}{more}"},
        )


def _damage(piece: _Piece) -> str | None:
    try:
        size = piece.source.stat().st_size
    except FileNotFoundError:
        return f"{piece.source} is missing"
    if size != piece.item.size:
        return f"{piece.source} has {size} bytes, the manifest says {piece.item.size}"
    found = sha256_of(piece.source)
    if found != piece.item.sha256:
        return f"{piece.source} has SHA-256 {found}, the manifest says {piece.item.sha256}"
    return None


def _place(layout: Layout, pieces: list[_Piece]) -> None:
    folders = Folders()
    for piece in pieces:
        target = layout.absolute(piece.item.path)
        copied = copy_hashed(piece.source, target, piece.mode, folders, piece.item.sha256)
        if not copied.placed:
            raise DamagedBackupError(
                f"{piece.source} changed while it was being restored; the restore stopped "
                f"part way: empty {layout.data_dir} and its database before trying again",
                code="restore.file_changed",
                params={"file": piece.source, "data_dir": layout.data_dir},
            )
    folders.sync()
