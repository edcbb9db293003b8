"""The engine and its transactions: SQLite (WAL, foreign keys, busy timeout) or PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session as Session  # the transaction handle use cases are given
from sqlalchemy.orm import sessionmaker

from config import SohoaError
from config.errors import ExitCode
from config.file_modes import FILE_MODE

_BUSY_TIMEOUT_MS = 30_000


class StoreUnavailableError(SohoaError):
    """The database could not be reached or was busy beyond the timeout: try again later."""

    exit_code = ExitCode.file_access
    retryable = True


class Store:
    """One database. `writing()` is one transaction; `reading()` sees committed data."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = _create_engine(url)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @contextmanager
    def writing(self) -> Iterator[Session]:
        """A transaction that commits on leaving, or rolls back on an exception.

        On SQLite it begins IMMEDIATE, taking the write lock at once, so two writers never
        deadlock upgrading their locks; readers go on meanwhile (WAL).
        """
        with self._guard(), self._sessions() as session:
            if self.is_sqlite:
                session.connection(execution_options={"sqlite_begin": "BEGIN IMMEDIATE"})
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise

    @contextmanager
    def reading(self) -> Iterator[Session]:
        with self._guard(), self._sessions() as session, session.begin():
            yield session

    def dispose(self) -> None:
        self.engine.dispose()

    def make_files_private(self) -> None:
        """An embedded database made under a looser umask (an older install) becomes 0640,
        with its write-ahead log and shared-memory index."""
        database = make_url(self.url).database
        if not self.is_sqlite or not database or database == ":memory:":
            return
        for suffix in ("", "-wal", "-shm"):
            path = Path(database + suffix)
            if path.exists() and path.stat().st_mode & 0o777 != FILE_MODE:
                path.chmod(FILE_MODE)

    @contextmanager
    def _guard(self) -> Iterator[None]:
        try:
            yield
        except OperationalError as exc:
            raise StoreUnavailableError(
                f"the database {make_url(self.url).render_as_string()} could not be used "
                f"({exc.orig})",
                code="store.unavailable",
                params={"database": make_url(self.url).render_as_string(), "reason": exc.orig},
            ) from exc


def shown_url(url: str) -> str:
    """The database `url` as it may be printed: its password masked."""
    return make_url(url).render_as_string(hide_password=True)


def _create_engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True)
    if parsed.database and parsed.database != ":memory:":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"timeout": _BUSY_TIMEOUT_MS / 1000})
    event.listen(engine, "connect", _configure_sqlite)
    event.listen(engine, "begin", _begin_sqlite)
    return engine


def _configure_sqlite(dbapi_connection: Any, _record: Any) -> None:
    # Let SQLAlchemy's "begin" event emit BEGIN itself, so that it can be IMMEDIATE.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    # FULL: a commit survives a power cut, which the inbox file's removal relies on.
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={_BUSY_TIMEOUT_MS}")
    cursor.close()


def _begin_sqlite(connection: Any) -> None:
    connection.exec_driver_sql(connection.get_execution_options().get("sqlite_begin", "BEGIN"))
