"""Where a file in the inbox belongs: an arrival to take, a refusal to report, or nothing.

The inbox is laid out as `<root>/<unit>/intake/…` (dossier papers received) and
`<root>/<unit>/results/…` (results issued), optionally one subfolder deeper, normally
named after a dossier code.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from enum import StrEnum
from fnmatch import fnmatchcase
from pathlib import Path, PurePosixPath

# Lower-case: names are compared case-insensitively (Windows shares write `THUMBS.DB`).
TEMPORARY_NAME_PATTERNS = (
    "~$*",
    "*.tmp",
    "*.temp",
    "*.part",
    "*.partial",
    "*.crdownload",
    "*.download",
    "*.swp",
    "thumbs.db",
    "desktop.ini",
    ".ds_store",
)

WHERE_FILES_GO = (
    "put files in <unit>/intake/ (dossier papers received) or <unit>/results/ "
    "(results issued), optionally in a subfolder named after the dossier code, "
    "e.g. ubnd-phuong-1/intake/H57.132-260804-0583/scan.pdf"
)


class FolderKind(StrEnum):
    intake = "intake"
    results = "results"


@dataclass(frozen=True)
class Arrival:
    path: Path
    relative: PurePosixPath
    unit: str
    kind: FolderKind
    folder_name: str | None
    size: int
    mtime_ns: int


@dataclass(frozen=True)
class Refusal:
    path: Path
    reason: str  # in English, for the operator's log
    code: str  # "inbox.<why>": the clerk's words for it are looked up by this code
    params: dict[str, str]


def route(root: Path, path: Path) -> Arrival | Refusal | None:
    """Classify `path` under the inbox `root`; None means "ignore silently".

    Folders, hidden and temporary files, and files that vanished are ignored.
    """
    root, path = root.absolute(), path.absolute()
    if not path.is_relative_to(root) or ".." in path.parts:
        reason = f"{path} is outside the watched folder {root}; {WHERE_FILES_GO}."
        return Refusal(path, reason, "inbox.outside", {"file": str(path)})
    relative = PurePosixPath(*path.relative_to(root).parts)
    if not relative.parts or is_hidden_or_temporary(relative):
        return None
    status = _own_status(root, path, relative)
    if not isinstance(status, os.stat_result):
        return status
    if stat.S_ISDIR(status.st_mode):
        return None
    if not stat.S_ISREG(status.st_mode):
        kind = _kind_of_special_file(status.st_mode)
        reason = (
            f"{relative} is a {SPECIAL_FILE_KINDS[kind]}, not an ordinary file; "
            "only copied files can be digitized. Remove it from the inbox."
        )
        return Refusal(path, reason, "inbox.not_ordinary", {"file": str(relative), "kind": kind})
    return _arrival_at(path, relative, status)


def is_hidden_or_temporary(relative: PurePosixPath) -> bool:
    if any(part.startswith(".") for part in relative.parts):
        return True
    name = relative.name.lower()
    return any(fnmatchcase(name, pattern) for pattern in TEMPORARY_NAME_PATTERNS)


def _own_status(root: Path, path: Path, relative: PurePosixPath) -> os.stat_result | Refusal | None:
    """The file's own status (links not followed), or its refusal, or None when it is gone.

    Each folder between the root and the file is checked too: a linked folder would let a
    path inside the inbox name a file anywhere.
    """
    current = root
    for depth, part in enumerate(relative.parts, start=1):
        current = current / part
        try:
            status = os.lstat(current)
        except FileNotFoundError:
            return None
        except OSError as error:
            reason = f"{relative} cannot be examined ({error.strerror}); check its permissions."
            return Refusal(path, reason, "inbox.unreadable", {"file": str(relative)})
        if stat.S_ISLNK(status.st_mode):
            link = PurePosixPath(*relative.parts[:depth])
            params = {"file": str(relative), "link": str(link)}
            return Refusal(path, _symlink_reason(relative, link), "inbox.symlink", params)
    return status


def _symlink_reason(relative: PurePosixPath, link: PurePosixPath) -> str:
    where = f"{relative} is" if link == relative else f"{relative} is inside {link}, which is"
    return (
        f"{where} a symbolic link; links are not followed. "
        "Copy the file itself into the inbox and remove the link."
    )


SPECIAL_FILE_KINDS = {
    "fifo": "named pipe (FIFO)",
    "socket": "socket",
    "device": "device",
    "special": "special file",
}


def _kind_of_special_file(mode: int) -> str:
    """The key of `SPECIAL_FILE_KINDS` that names what a file of this `mode` is."""
    if stat.S_ISFIFO(mode):
        return "fifo"
    if stat.S_ISSOCK(mode):
        return "socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "device"
    return "special"


def _arrival_at(path: Path, relative: PurePosixPath, status: os.stat_result) -> Arrival | Refusal:
    parts = relative.parts
    if len(parts) < 3 or parts[1] not in FolderKind.__members__:
        reason = f"{relative} is not in a unit's intake or results folder; {WHERE_FILES_GO}."
        return Refusal(path, reason, "inbox.misplaced", {"file": str(relative)})
    return Arrival(
        path=path,
        relative=relative,
        unit=parts[0],
        kind=FolderKind(parts[1]),
        folder_name=parts[2] if len(parts) > 3 else None,
        size=status.st_size,
        mtime_ns=status.st_mtime_ns,
    )
