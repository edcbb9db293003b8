"""The watchdog adapter: files dropped into the inbox become arrivals once they are complete."""

from watch_folders.routes import Arrival, FolderKind, Refusal, route
from watch_folders.scan import entries_under
from watch_folders.stability import StabilityTracker
from watch_folders.watcher import FolderWatcher

__all__ = [
    "Arrival",
    "FolderKind",
    "FolderWatcher",
    "Refusal",
    "StabilityTracker",
    "entries_under",
    "route",
]
