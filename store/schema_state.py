"""Where a database stands against Sohoa's migrations, read without changing anything.

`sohoa doctor` asks this of a database that may be unreachable, missing or old: nothing is
created or migrated here, and a server that does not answer is given a few seconds only.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from store.database import StoreUnavailableError, shown_url
from store.migrate import HEAD_REVISION

CONNECT_SECONDS = 5


@dataclass(frozen=True)
class SchemaState:
    shown_url: str
    """The database's URL without its password."""
    exists: bool
    """False for an embedded database file not made yet (the first start makes it)."""
    revision: str | None
    """The migration it was brought to; None for a database without Sohoa's tables."""
    head: str = HEAD_REVISION

    @property
    def is_current(self) -> bool:
        return self.revision == self.head


def read_schema_state(url: str) -> SchemaState:
    """Raises StoreUnavailableError, naming the database and the driver's reason, when the
    database cannot be reached."""
    parsed = make_url(url)
    shown = shown_url(url)
    if parsed.get_backend_name() == "sqlite":
        in_a_file = parsed.database and parsed.database != ":memory:"
        if in_a_file and not Path(str(parsed.database)).is_file():
            return SchemaState(shown, exists=False, revision=None)
        engine = create_engine(url)
    else:
        engine = create_engine(url, connect_args={"connect_timeout": CONNECT_SECONDS})
    try:
        with engine.connect() as connection:
            if not inspect(connection).has_table("alembic_version"):
                return SchemaState(shown, exists=True, revision=None)
            revision = connection.execute(text("SELECT version_num FROM alembic_version"))
            return SchemaState(shown, exists=True, revision=revision.scalar_one_or_none())
    except DBAPIError as exc:
        reason = str(exc.orig).strip()
        raise StoreUnavailableError(
            f"the database {shown} could not be reached ({reason})",
            code="store.unavailable",
            params={"database": shown, "reason": reason},
        ) from None
    finally:
        engine.dispose()
