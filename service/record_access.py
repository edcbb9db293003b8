"""Opening the record for a command, and naming who acts.

Imported by every command module: what it opens is imported when a command runs, so that
`sohoa --help` and quick commands start fast.
"""

from __future__ import annotations

import getpass
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from config import load_settings

if TYPE_CHECKING:
    from jobs.services import Services
    from store.archive import Layout
    from store.database import Store


def cli_actor() -> str:
    return f"cli:{getpass.getuser()}"


def open_record() -> tuple[Store, Layout]:
    from jobs.services import open_store

    return open_store(load_settings())


@contextmanager
def opened_services() -> Iterator[Services]:
    """The record, the folders and the workers for one command, closed after it."""
    from jobs.services import open_services

    services = open_services(load_settings())
    try:
        yield services
    finally:
        services.close()
