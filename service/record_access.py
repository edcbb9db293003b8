"""Opening the record for a command, and naming who acts."""

from __future__ import annotations

import getpass

from config import load_settings
from jobs.services import open_store
from store.archive import Layout
from store.database import Store


def cli_actor() -> str:
    return f"cli:{getpass.getuser()}"


def open_record() -> tuple[Store, Layout]:
    return open_store(load_settings())
