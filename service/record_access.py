"""Opening the record for a command, and naming who acts.

Imported by every command module: what it opens is imported when a command runs, so that
`sohoa --help` and quick commands start fast. A command opens only what it uses: the
record alone for most, a job process (its queue and job kinds) for those that queue work.
"""

from __future__ import annotations

import getpass
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from config import load_settings

if TYPE_CHECKING:
    from store.archive import Layout
    from store.database import Store
    from store.record import OpenedRecord


def cli_actor() -> str:
    """The machine account running an operator command (see `service.cli_identity`)."""
    return f"os:{getpass.getuser()}"


@contextmanager
def opened_record() -> Iterator[OpenedRecord]:
    """The record and the data folders for one command, closed after it."""
    from store.record import open_record

    record = open_record(load_settings())
    try:
        yield record
    finally:
        record.close()


def open_record() -> tuple[Store, Layout]:
    """The database and the data folders, for a command that reads the record once."""
    from store.record import open_record as open_the_record

    record = open_the_record(load_settings())
    return record.store, record.layout
