"""A consistent copy of the database while the service writes to it, and putting one back.

SQLite is copied with its online backup API, which reads one committed state of the whole
file while writers go on (WAL); the copy is read back read-only. PostgreSQL is dumped with
`pg_dump --format=custom` inside a transaction whose snapshot the dump shares
(`pg_export_snapshot`), so that what is read from that transaction is exactly what the dump
holds; `pg_restore` puts it into an empty database. Either way a caller gets the copy's
file and a session that reads the record as the copy holds it.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from config import MissingDependencyError, SohoaError
from config.file_modes import FILE_MODE
from store.database import Store
from store.files import fsync_file, fsync_folder
from store.schema import AuditRecord, DocumentRecord, ReceiptRecord

StoreKind = Literal["sqlite", "postgresql"]
COPY_NAMES: dict[StoreKind, str] = {"sqlite": "database.sqlite", "postgresql": "database.pgdump"}
_TOOLS_PACKAGE = "postgresql-client, of the server's major version or newer"


class DatabaseCopyError(SohoaError):
    """The database could not be copied or put back; the message says which and why."""


@dataclass(frozen=True)
class RecordCounts:
    documents: int
    receipts: int
    audit_entries: int


def store_kind(url: str) -> StoreKind:
    backend = make_url(url).get_backend_name()
    if backend not in COPY_NAMES:
        raise DatabaseCopyError(
            f"a {backend} store cannot be backed up: only SQLite and PostgreSQL",
            code="backup.store_unsupported",
            params={"backend": backend},
        )
    return "sqlite" if backend == "sqlite" else "postgresql"


@contextmanager
def database_copy(store: Store, folder: Path) -> Iterator[tuple[Path, Session]]:
    """Copy the database into `folder` (replacing an earlier copy there); yield the copy's
    file and a session that reads what the copy holds, and nothing newer."""
    target = folder / COPY_NAMES[store_kind(store.url)]
    if store.is_sqlite:
        _backup_sqlite(_sqlite_file(store.url), target)
        with read_sqlite_copy(target) as session:
            yield target, session
        return
    with _dump_postgres(store, target) as session:
        yield target, session


@contextmanager
def read_sqlite_copy(path: Path) -> Iterator[Session]:
    """A read-only session on a SQLite copy; the file is not changed by reading it."""
    engine = create_engine("sqlite://", creator=lambda: _read_only(path))
    try:
        with Session(engine) as session, session.begin():
            yield session
    finally:
        engine.dispose()


def record_counts(session: Session) -> RecordCounts:
    def rows(table: type[DocumentRecord | ReceiptRecord | AuditRecord]) -> int:
        return session.scalar(select(func.count()).select_from(table)) or 0

    return RecordCounts(rows(DocumentRecord), rows(ReceiptRecord), rows(AuditRecord))


def what_the_database_holds(url: str) -> list[str]:
    """What stands in the way of a restore into the store at `url`: nothing for an absent or
    empty SQLite file, every table for PostgreSQL (the dump makes them)."""
    if store_kind(url) == "sqlite":
        return _sqlite_rows(_sqlite_file(url))
    store = Store(url)
    try:
        with store.reading() as session:
            tables = session.scalars(
                text(
                    "SELECT table_schema || '.' || table_name FROM information_schema.tables "
                    "WHERE table_schema NOT IN ('pg_catalog', 'information_schema') "
                    "ORDER BY 1"
                )
            ).all()
    finally:
        store.dispose()
    shown = make_url(url).render_as_string()
    if not tables:
        return []
    more = ", …" if len(tables) > 4 else ""
    return [f"the database {shown} has {len(tables)} tables ({', '.join(tables[:4])}{more})"]


def put_database_back(copy: Path, url: str) -> None:
    """The copy becomes the store at `url`, which `what_the_database_holds` found empty."""
    if store_kind(url) == "sqlite":
        _place_sqlite(copy, _sqlite_file(url))
        return
    target, environment = _libpq(url)
    _run_tool(
        ["pg_restore", "--no-owner", "--no-acl", "--single-transaction", "--exit-on-error",
         "--no-password", f"--dbname={target}", str(copy)],
        environment, url,
    )  # fmt: skip


def _backup_sqlite(live: Path, target: Path) -> None:
    partial = target.with_name(f".{target.name}.partial")
    partial.unlink(missing_ok=True)
    source = sqlite3.connect(live, timeout=30)
    try:
        copy = sqlite3.connect(partial)
        try:
            source.backup(copy)
            copy.execute("PRAGMA journal_mode=DELETE")  # one file, unchanged by readers
        finally:
            copy.close()
    except sqlite3.Error as error:
        raise DatabaseCopyError(
            f"{live} could not be copied ({error})",
            code="backup.database_uncopied",
            params={"file": live, "reason": error},
        ) from error
    finally:
        source.close()
    partial.chmod(FILE_MODE)
    fsync_file(partial)
    partial.replace(target)


@contextmanager
def _dump_postgres(store: Store, target: Path) -> Iterator[Session]:
    partial = target.with_name(f".{target.name}.partial")
    partial.unlink(missing_ok=True)
    source, environment = _libpq(store.url)
    try:
        with store.engine.connect() as connection:
            connection.execution_options(isolation_level="REPEATABLE READ")
            with connection.begin():
                exported = connection.execute(text("SELECT pg_export_snapshot()")).scalar_one()
                _run_tool(
                    ["pg_dump", "--format=custom", f"--snapshot={exported}",
                     f"--file={partial}", "--no-password", f"--dbname={source}"],
                    environment, store.url,
                )  # fmt: skip
                partial.chmod(FILE_MODE)
                fsync_file(partial)
                partial.replace(target)
                with Session(bind=connection) as session:
                    yield session
    except OperationalError as error:
        shown = make_url(store.url).render_as_string()
        raise DatabaseCopyError(
            f"the database {shown} could not be read ({error.orig})",
            code="backup.database_unreadable",
            params={"database": shown, "reason": error.orig},
        ) from error


def _place_sqlite(copy: Path, live: Path) -> None:
    live.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("-wal", "-shm"):  # an empty file's journal must not be applied to the copy
        Path(f"{live}{suffix}").unlink(missing_ok=True)
    partial = live.with_name(f".{live.name}.partial")
    with copy.open("rb") as reading, partial.open("wb") as writing:
        while chunk := reading.read(1 << 20):
            writing.write(chunk)
        writing.flush()
        os.fsync(writing.fileno())
    partial.chmod(FILE_MODE)
    partial.replace(live)
    fsync_folder(live.parent)


def _sqlite_rows(path: Path) -> list[str]:
    if not path.exists():
        return []
    try:
        # Not read-only: that would leave a WAL file's journal behind; a plain connection
        # writes nothing when it only reads, and the last one out removes the journal.
        connection = sqlite3.connect(path)
        try:
            tables = [
                name
                for (name,) in connection.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table' "
                    "AND name NOT LIKE 'sqlite_%' AND name != 'alembic_version' ORDER BY name"
                )
            ]
            counts = {
                table: connection.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
                for table in tables
            }
        finally:
            connection.close()
    except sqlite3.Error as error:
        return [f"{path} is there and is not an empty record ({error})"]
    held = sorted((table for table, rows in counts.items() if rows), key=_first_the_main)
    if not held:
        return []
    shown = ", ".join(f"{table} ({counts[table]} rows)" for table in held[:4])
    more = f" and {len(held) - 4} more tables" if len(held) > 4 else ""
    return [f"{path} holds a record: {shown}{more}"]


def _first_the_main(table: str) -> tuple[int, str]:
    main = ("documents", "receipts", "audit_entries", "users")
    return (main.index(table) if table in main else len(main), table)


def _read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)


def _sqlite_file(url: str) -> Path:
    database = make_url(url).database
    if not database or database == ":memory:":
        raise DatabaseCopyError(
            f"the store {url} is not a file: there is nothing to copy",
            code="backup.store_not_a_file",
            params={"database": url},
        )
    return Path(database)


def _libpq(url: str) -> tuple[str, dict[str, str]]:
    """The URL as PostgreSQL's own tools take it, the password passed in the environment
    (never on a command line, which other users can read)."""
    parsed = make_url(url)
    environment = dict(os.environ)
    if parsed.password:
        environment["PGPASSWORD"] = str(parsed.password)
    plain = parsed.set(drivername="postgresql", password=None)
    return plain.render_as_string(hide_password=False), environment


def _run_tool(arguments: list[str], environment: dict[str, str], url: str) -> None:
    tool = arguments[0]
    try:
        done = subprocess.run(arguments, env=environment, capture_output=True, text=True)
    except FileNotFoundError as error:
        raise MissingDependencyError(
            f"{tool} is not installed: a PostgreSQL store is backed up with pg_dump and "
            f"restored with pg_restore ({_TOOLS_PACKAGE})",
            code="dependency.postgresql_tool_missing",
            params={"tool": tool, "package": _TOOLS_PACKAGE},
        ) from error
    if done.returncode != 0:
        said = " ".join(done.stderr.split())[-1500:] or f"exit status {done.returncode}"
        shown = make_url(url).render_as_string()
        raise DatabaseCopyError(
            f"{tool} failed on {shown}: {said}",
            code="backup.tool_failed",
            params={"tool": tool, "database": shown, "reason": said},
        )
