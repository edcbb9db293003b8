"""`sohoa db`: the store's schema."""

from __future__ import annotations

import typer
from rich.console import Console

from config import load_settings
from service.errors import command

console = Console(highlight=False, markup=False)
app = typer.Typer(help="The database behind the record.", no_args_is_help=True)


@app.command("upgrade")
@command
def upgrade() -> None:
    """Apply the schema migrations (start-up does this itself on the embedded SQLite)."""
    from store.database import Store
    from store.migrate import upgrade as apply_migrations

    store = Store(load_settings().store_url)
    try:
        apply_migrations(store)
    finally:
        store.dispose()
    console.print("The database schema is up to date.")
