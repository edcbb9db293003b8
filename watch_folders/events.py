"""The watchdog side: file events translated into what the stability tracker must know."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from watchdog.events import (
    FileClosedEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileSystemEvent,
    FileSystemEventHandler,
)

# Asking only for these keeps the kernel from reporting every open and read of the inbox
# (including our own reads when a file is archived).
WATCHED_EVENTS: list[type[FileSystemEvent]] = [
    FileCreatedEvent,
    FileModifiedEvent,
    FileClosedEvent,
    FileMovedEvent,
    FileDeletedEvent,
]

PathCallback = Callable[[Path], None]


class InboxEventHandler(FileSystemEventHandler):
    """Folder events are not needed: watchdog reports the files of a folder copied or moved in."""

    def __init__(self, *, changed: PathCallback, closed: PathCallback, gone: PathCallback) -> None:
        self._changed = changed
        self._closed = closed
        self._gone = gone

    def dispatch(self, event: FileSystemEvent) -> None:
        if isinstance(event, FileMovedEvent):
            if event.src_path:
                self._gone(_path(event.src_path))
            if event.dest_path:
                # A rename is atomic: the file under its new name is as complete as it was.
                self._closed(_path(event.dest_path))
        elif isinstance(event, FileClosedEvent):
            self._closed(_path(event.src_path))
        elif isinstance(event, FileCreatedEvent | FileModifiedEvent):
            self._changed(_path(event.src_path))
        elif isinstance(event, FileDeletedEvent):
            self._gone(_path(event.src_path))


def _path(event_path: bytes | str) -> Path:
    return Path(os.fsdecode(event_path))
