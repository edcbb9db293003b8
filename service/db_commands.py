"""`sohoa db`: the store's schema."""

from __future__ import annotations

import typer
from rich.console import Console

from config import load_settings
from service.errors import command
from service.i18n import _

console = Console(highlight=False, markup=False, soft_wrap=True)
app = typer.Typer(help=_("The database behind the record."), no_args_is_help=True)


@app.command(
    "upgrade",
    help=_("Apply the schema migrations (start-up does this itself on the embedded SQLite)."),
)
@command
def upgrade() -> None:
    from store.database import Store
    from store.migrate import upgrade as apply_migrations

    store = Store(load_settings().store_url)
    try:
        apply_migrations(store)
    finally:
        store.dispose()
    console.print(_("The database schema is up to date."))
