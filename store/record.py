"""The record as a process opened it: the settings, the database and the data folders.

What most use cases need and nothing more. `Record` is what they ask for; a process's job
context has the same three and so serves as one too.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Protocol

from config import Settings
from config.file_modes import PRIVATE_UMASK
from store.archive import Layout
from store.database import Store
from store.migrate import upgrade


class Record(Protocol):
    @property
    def settings(self) -> Settings: ...

    @property
    def store(self) -> Store: ...

    @property
    def layout(self) -> Layout: ...


@dataclass(frozen=True)
class OpenedRecord:
    settings: Settings
    store: Store
    layout: Layout

    def close(self) -> None:
        self.store.dispose()


def open_record(settings: Settings) -> OpenedRecord:
    """The record and the data folders; the embedded default is migrated on opening.

    Everything the process writes from here on is private to the service's user and group
    (`config.file_modes`), the embedded database and its journal files included.
    """
    os.umask(PRIVATE_UMASK)
    layout = Layout(settings.data_dir)
    layout.create()
    store = Store(settings.store_url)
    if store.is_sqlite:
        upgrade(store)
        store.make_files_private()
    return OpenedRecord(settings, store, layout)
