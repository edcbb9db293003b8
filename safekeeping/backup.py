"""`sohoa backup DEST`: a consistent copy of the record, taken while the service runs.

Read this first. One backup is one snapshot in DEST (`destination.py` shows the layout):

1. The database is copied first (`store.snapshot`), and what that copy records is read
   back from it: every document's archived original and output with the SHA-256 Sohoa
   wrote it with, every receipt's files, the audit chain's length and head.
2. The originals it names go into DEST's shared archive, each once for every snapshot
   (content-addressed: one already there under its name is not copied again).
3. The outputs, receipts, set-aside files (`quarantine/`) and the audit checkpoints that
   count no more entries than the copy holds go into the snapshot's folder; an output
   identical to the previous snapshot's is a hard link to it.
4. An output that no longer hashes as the copy recorded it (signed or moved meanwhile)
   makes another round from step 1, which copies only what changed; a backup that has not
   settled after `ROUNDS` rounds fails, naming the files.
5. The manifest is written (`manifest.py`), the folder takes its final name, and the
   backup is recorded in the live audit trail.

A failed backup removes its unfinished folder; one cut short (a crash) leaves it under its
`.partial` name, which restore never uses.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from safekeeping.destination import Destination
from safekeeping.manifest import (
    MANIFEST_NAME,
    AuditHead,
    Manifest,
    ManifestFile,
    manifest_sha256,
)
from safekeeping.snapshot_folder import BackupError, SnapshotFolder, Tally, Wanted
from store import audit
from store.archive import Layout, sha256_of
from store.audit_reads import audit_head
from store.files import durable_write_bytes, fsync_folder
from store.inventory import DocumentFiles, ReceiptFiles, document_files, receipt_files
from store.record import Record
from store.snapshot import RecordCounts, database_copy, record_counts, store_kind

ROUNDS = 5
BACKUP_MADE = "backup.made"

CheckpointFiles = Callable[[int], list[Path]]
"""The audit checkpoints, with their signature files, that count at most that many
entries (a newer one would make the restored trail look cut)."""


@dataclass(frozen=True)
class BackupResult:
    snapshot: Path
    manifest: Manifest
    manifest_sha256: str
    tally: Tally
    rounds: int
    seconds: float


@dataclass(frozen=True)
class _Round:
    database: Path
    counts: RecordCounts
    head: AuditHead
    originals: list[ManifestFile]
    problems: list[str]  # files that did not match the copy: another round


def make_backup(
    record: Record, destination: Path, actor: str, checkpoints: CheckpointFiles
) -> BackupResult:
    started = time.monotonic()
    made_at = datetime.now(UTC)
    target = Destination(destination.absolute())
    _refuse_inside(target, record.layout)
    name = target.new_name(made_at)
    snapshot = SnapshotFolder(record.layout, target, name)
    try:
        taken, rounds = _settled_round(record, snapshot, checkpoints)
        manifest = _manifest(record, made_at, taken, snapshot)
        data = manifest.to_bytes()
        final = _finish(target, snapshot, name, data)
    except BaseException:
        shutil.rmtree(snapshot.folder, ignore_errors=True)
        raise
    sha256 = manifest_sha256(data)
    _record(record, actor, name, final, sha256, manifest)
    seconds = time.monotonic() - started
    return BackupResult(final, manifest, sha256, snapshot.tally, rounds, seconds)


def _refuse_inside(target: Destination, layout: Layout) -> None:
    if target.root.resolve().is_relative_to(layout.data_dir.resolve()):
        raise BackupError(
            f"{target.root} is inside the data directory {layout.data_dir}: a backup must "
            "live elsewhere, on another disk or machine",
            code="backup.inside_data_dir",
            params={"destination": target.root, "data_dir": layout.data_dir},
        )


def _settled_round(
    record: Record, snapshot: SnapshotFolder, checkpoints: CheckpointFiles
) -> tuple[_Round, int]:
    problems: list[str] = []
    for number in range(1, ROUNDS + 1):
        taken = _one_round(record, snapshot, checkpoints)
        if not taken.problems:
            return taken, number
        problems = taken.problems
        if number < ROUNDS:
            time.sleep(0.25 * number)  # let a signing or tagging under way finish
    shown = "; ".join(problems[:10]) + (
        f"; and {len(problems) - 10} more" if len(problems) > 10 else ""
    )
    raise BackupError(
        f"the files did not settle in {ROUNDS} rounds (each output must hash as the record "
        f"says when it was last written): {shown}. If the service is not changing them, "
        "run `sohoa check`",
        code="backup.files_unsettled",
        params={"rounds": ROUNDS, "problems": shown},
    )


def _one_round(record: Record, snapshot: SnapshotFolder, checkpoints: CheckpointFiles) -> _Round:
    with database_copy(record.store, snapshot.folder) as (database, session):
        documents = document_files(session)
        receipts = receipt_files(session)
        head = audit_head(session)
        counts = record_counts(session)
    originals = [snapshot.original(path) for path in sorted({d.archive_path for d in documents})]
    wanted = [
        *_outputs(documents),
        *_receipt_files(receipts),
        *_set_aside(record.layout),
        *(Wanted(record.layout.relative(path), None) for path in checkpoints(counts.audit_entries)),
    ]
    problems = [problem for item in wanted if (problem := snapshot.take(item)) is not None]
    snapshot.keep_only({item.path for item in wanted})
    entries, head_id, head_hash = head if head else (0, 0, audit.GENESIS)
    return _Round(database, counts, AuditHead(entries, head_id, head_hash), originals, problems)


def _outputs(documents: list[DocumentFiles]) -> list[Wanted]:
    return [
        Wanted(document.output_path, document.output_sha256)
        for document in documents
        if document.output_path is not None
    ]


def _receipt_files(receipts: list[ReceiptFiles]) -> list[Wanted]:
    return [Wanted(path, None) for receipt in receipts for path in receipt.paths]


def _set_aside(layout: Layout) -> list[Wanted]:
    """Every file in the quarantine (copies that could not be digitized, refused files and
    the reasons beside them), but those still being written and links (a refused link is
    set aside as the link itself: what it points to is not the office's)."""
    if not layout.quarantine.is_dir():
        return []
    return [
        Wanted(layout.relative(path), None, required=False)
        for path in sorted(layout.quarantine.rglob("*"))
        if path.is_file() and not path.is_symlink() and not _being_written(path)
    ]


def _being_written(path: Path) -> bool:
    return path.name.startswith(".") and path.name.endswith(".partial")


def _manifest(
    record: Record, made_at: datetime, taken: _Round, snapshot: SnapshotFolder
) -> Manifest:
    database = taken.database
    return Manifest(
        made_at=made_at.isoformat(timespec="seconds").replace("+00:00", "Z"),
        store=store_kind(record.store.url),
        database=ManifestFile(database.name, sha256_of(database), database.stat().st_size),
        audit=taken.head,
        documents=taken.counts.documents,
        receipts=taken.counts.receipts,
        archive=tuple(taken.originals),
        files=tuple(sorted(snapshot.held.values(), key=lambda item: item.path)),
    )


def _finish(target: Destination, snapshot: SnapshotFolder, name: str, data: bytes) -> Path:
    durable_write_bytes(snapshot.folder / MANIFEST_NAME, data)
    snapshot.folders.sync()
    final = target.snapshot(name)
    snapshot.folder.rename(final)
    fsync_folder(target.snapshots)
    return final


def _record(
    record: Record, actor: str, name: str, final: Path, sha256: str, manifest: Manifest
) -> None:
    with record.store.writing() as session:
        audit.record(
            session, BACKUP_MADE, f"backup:{name}", actor,
            snapshot=str(final), manifest_sha256=sha256, documents=manifest.documents,
            receipts=manifest.receipts, audit_entries=manifest.audit.entries,
        )  # fmt: skip
