"""Durable file moves: write to a temporary name, fsync, rename, fsync the folder."""

from __future__ import annotations

import contextlib
import os
import shutil
import threading
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

_CHUNK = 1 << 20


def fsync_folder(folder: Path) -> None:
    descriptor = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def durable_copy(source: Path, target: Path) -> None:
    """Copy `source` to `target` so that after return it survives a power cut."""
    with source.open("rb") as reading:
        _write_beside(target, lambda writing: shutil.copyfileobj(reading, writing, _CHUNK))


def durable_move(source: Path, target: Path) -> None:
    """Move a file that is already durable; copy then remove when it crosses filesystems."""
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        source.replace(target)
    except OSError:
        durable_copy(source, target)
        source.unlink()
    fsync_folder(target.parent)


def durable_write_text(target: Path, text: str) -> None:
    durable_write_bytes(target, text.encode("utf-8"))


def durable_write_bytes(target: Path, content: bytes) -> None:
    """`content` written beside `target`, forced to disk, renamed into place."""
    _write_beside(target, lambda writing: writing.write(content))


def _write_beside(target: Path, write: Callable[[BinaryIO], object]) -> None:
    """Written to a hidden file beside `target`, forced to disk, renamed into place; a
    failed write leaves nothing behind."""
    target.parent.mkdir(parents=True, exist_ok=True)
    # Named for this process and thread: two writers of one name never share a partial file.
    partial = target.with_name(f".{target.name}.{os.getpid()}-{threading.get_ident()}.partial")
    try:
        with partial.open("wb") as writing:
            write(writing)
            writing.flush()
            os.fsync(writing.fileno())
        partial.replace(target)
    except OSError:
        _remove_partial(partial)
        raise
    fsync_folder(target.parent)


def _remove_partial(partial: Path) -> None:
    """What a failed write left (on a full disk, half a file) goes with it."""
    with contextlib.suppress(OSError):  # the folder itself may be what failed
        partial.unlink(missing_ok=True)


def free_name(folder: Path, name: str, held: Callable[[Path], bool] = lambda _: False) -> Path:
    """`folder/name`, or `folder/stem-2.ext` and so on when a file is there or `held` says so."""
    candidate = folder / name
    stem, suffix = Path(name).stem, Path(name).suffix
    counter = 1
    while candidate.exists() or held(candidate):
        counter += 1
        candidate = folder / f"{stem}-{counter}{suffix}"
    return candidate


def fsync_file(path: Path) -> None:
    with path.open("rb") as reading:
        os.fsync(reading.fileno())
