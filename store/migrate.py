"""Apply the Alembic migrations that ship inside the package.

Every process opening the embedded database upgrades it; when it is at the newest schema
already (nearly always), one query says so and Alembic is not even imported: a command at
the counter starts that much sooner.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from store.database import Store

if TYPE_CHECKING:
    from alembic.config import Config

_SCRIPTS = Path(__file__).resolve().parent / "migrations"
HEAD_REVISION = "0014"
"""The newest migration's revision; a test checks it against the scripts."""


def upgrade(store: Store) -> None:
    """Bring the database to the newest schema (a no-op when it is there already)."""
    if _recorded_revision(store) == HEAD_REVISION:
        return
    from alembic import command

    config = _config()
    with store.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def is_current(store: Store) -> bool:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(_config()).get_current_head()
    return _recorded_revision(store) == head


def _recorded_revision(store: Store) -> str | None:
    try:
        with store.engine.connect() as connection:
            found = connection.execute(text("SELECT version_num FROM alembic_version"))
            return found.scalar_one_or_none()
    except DBAPIError:  # no version table yet: a new database
        return None


def _config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(_SCRIPTS))
    return config
