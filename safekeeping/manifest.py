"""The manifest of a backup snapshot (`manifest.json`), written and read.

It says what the snapshot is (when it was made, of which kind of store, how long the audit
chain was and how it ended, how many documents and receipts) and names every file it
holds with its SHA-256 and size, by the path it has in the data directory: the archived
originals, kept once for every snapshot in the backup's shared `archive/`, and the other
files (outputs, receipts, set-aside files, audit checkpoints) in the snapshot's own folder.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from config import SohoaError
from config.errors import ExitCode

FORMAT = "sohoa-backup/1"
MANIFEST_NAME = "manifest.json"


class DamagedBackupError(SohoaError):
    """A backup that cannot be used as it is: a file missing or changed, a manifest unread."""

    exit_code = ExitCode.input_file


@dataclass(frozen=True)
class ManifestFile:
    path: str  # in the data directory, and under the folder that keeps it in the backup
    sha256: str
    size: int


@dataclass(frozen=True)
class AuditHead:
    entries: int
    head_id: int
    head_hash: str


@dataclass(frozen=True)
class Manifest:
    made_at: str  # ISO 8601 UTC
    store: str  # "sqlite" or "postgresql"
    database: ManifestFile  # the copy, in the snapshot's folder
    audit: AuditHead
    documents: int
    receipts: int
    archive: tuple[ManifestFile, ...]  # in the backup's shared archive
    files: tuple[ManifestFile, ...]  # in the snapshot's folder

    def to_bytes(self) -> bytes:
        content = {
            "format": FORMAT,
            "made_at": self.made_at,
            "store": self.store,
            "database": _file_fields(self.database),
            "audit": {
                "entries": self.audit.entries,
                "head_id": self.audit.head_id,
                "head_hash": self.audit.head_hash,
            },
            "counts": {
                "documents": self.documents,
                "receipts": self.receipts,
                "audit_entries": self.audit.entries,
            },
            "archive": [_file_fields(item) for item in self.archive],
            "files": [_file_fields(item) for item in self.files],
        }
        return (json.dumps(content, ensure_ascii=False, indent=1) + "\n").encode("utf-8")

    @property
    def bytes_held(self) -> int:
        return self.database.size + sum(item.size for item in (*self.archive, *self.files))


def manifest_sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_manifest(path: Path) -> Manifest:
    """The manifest at `path`, or a `DamagedBackupError` naming it and what is wrong."""
    try:
        content = json.loads(path.read_bytes())
        if content.get("format") != FORMAT:
            raise ValueError(f"not a {FORMAT} manifest")
        audit = content["audit"]
        return Manifest(
            made_at=str(content["made_at"]),
            store=str(content["store"]),
            database=_file(content["database"]),
            audit=AuditHead(int(audit["entries"]), int(audit["head_id"]), str(audit["head_hash"])),
            documents=int(content["counts"]["documents"]),
            receipts=int(content["counts"]["receipts"]),
            archive=tuple(_file(item) for item in content["archive"]),
            files=tuple(_file(item) for item in content["files"]),
        )
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise DamagedBackupError(
            f"{path}: the manifest cannot be read ({error})",
            code="backup.manifest_unreadable",
            params={"file": path, "reason": error},
        ) from error


def _file_fields(item: ManifestFile) -> dict[str, Any]:
    return {"path": item.path, "sha256": item.sha256, "size": item.size}


def _file(fields: dict[str, Any]) -> ManifestFile:
    path = str(fields["path"])
    if path.startswith("/") or ".." in Path(path).parts:
        raise ValueError(f"the path {path!r} leaves its folder")
    return ManifestFile(path, str(fields["sha256"]), int(fields["size"]))
