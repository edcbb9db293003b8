"""Real databases for tests: a fresh SQLite file, or a fresh PostgreSQL database.

PostgreSQL is the one on the machine's loopback port (`SOHOA_TEST_POSTGRES`, default
`postgresql+psycopg://postgres@127.0.0.1:5432/postgres`). Where it is absent the tests that
need it skip, saying so, except under CI=true, where they must run.
"""

from __future__ import annotations

import os
import secrets
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from store.database import Store
from store.migrate import upgrade

POSTGRES_ADMIN_URL = os.environ.get(
    "SOHOA_TEST_POSTGRES", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)


def sqlite_url(folder: Path) -> str:
    return f"sqlite:///{folder / 'sohoa.db'}"


@contextmanager
def postgres_database() -> Iterator[str]:
    """The URL of a new, empty PostgreSQL database, dropped afterwards."""
    admin = create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    name = f"sohoa_test_{uuid.uuid4().hex[:12]}"
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    except OperationalError as exc:
        admin.dispose()
        reason = f"PostgreSQL is not reachable at {make_url(POSTGRES_ADMIN_URL)!r}: {exc.orig}"
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI must have PostgreSQL: {reason}")
        pytest.skip(reason)
    try:
        yield make_url(POSTGRES_ADMIN_URL).set(database=name).render_as_string(False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin.dispose()


@contextmanager
def postgres_database_of_its_own() -> Iterator[str]:
    """A new, empty PostgreSQL database owned by a new login role with a password, as an
    office's is (`postgresql+psycopg://sohoa:…@db/sohoa`): its URL, password included. The
    role and the database are dropped afterwards."""
    with postgres_database() as url:
        database = make_url(url)
        role = f"sohoa_office_{uuid.uuid4().hex[:12]}"
        password = secrets.token_hex(16)
        engine = create_engine(url, isolation_level="AUTOCOMMIT")
        with engine.connect() as connection:
            connection.execute(text(f"CREATE ROLE \"{role}\" LOGIN PASSWORD '{password}'"))
        try:
            with engine.connect() as connection:
                connection.execute(text(f'ALTER DATABASE "{database.database}" OWNER TO "{role}"'))
            yield database.set(username=role, password=password).render_as_string(False)
        finally:
            with engine.connect() as connection:  # in its database, where its tables are
                connection.execute(text(f'REASSIGN OWNED BY "{role}" TO CURRENT_USER'))
                connection.execute(text(f'DROP OWNED BY "{role}"'))
                connection.execute(text(f'DROP ROLE "{role}"'))
            engine.dispose()


@contextmanager
def migrated_store(kind: str, folder: Path) -> Iterator[Store]:
    """A store of the newest schema on "sqlite" (in `folder`) or "postgresql", closed after."""
    if kind == "sqlite":
        opened = Store(sqlite_url(folder))
        upgrade(opened)
        yield opened
        opened.dispose()
        return
    with postgres_database() as url:
        opened = Store(url)
        upgrade(opened)
        yield opened
        opened.dispose()
