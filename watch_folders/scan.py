"""A full look at the inbox: what is there, whether or not an event told us."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from pathlib import Path

logger = logging.getLogger("sohoa.watch")


def entries_under(root: Path) -> Iterator[Path]:
    """Every file below `root`, and every linked folder (to be refused, not entered).

    Hidden folders are not entered: whatever is inside is ignored anyway.
    """
    for folder, subfolders, files in os.walk(root, onerror=_log_unreadable):
        subfolders[:] = [name for name in subfolders if not name.startswith(".")]
        base = Path(folder)
        yield from (base / name for name in files)
        yield from (base / name for name in subfolders if (base / name).is_symlink())


def _log_unreadable(error: OSError) -> None:
    logger.warning("cannot list %s: %s", error.filename, error.strerror)
