"""`sohoa search`: full text over everything digitized."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

console = Console(highlight=False)


def search(
    query: Annotated[str, typer.Argument(help='Words to find; "ho so" finds "hồ sơ".')],
    dossier: Annotated[str | None, typer.Option(help="Only this dossier's documents.")] = None,
    limit: Annotated[int, typer.Option(help="Most pages shown.")] = 50,
) -> None:
    """Find pages by their text, ignoring diacritics and case."""
    from service.record_access import open_record
    from store.search import search_pages

    store, _ = open_record()
    try:
        with store.reading() as session:
            hits = search_pages(session, query, dossier_code=dossier, limit=limit)
    finally:
        store.dispose()
    table = Table("document", "dossier", "file", "page", "snippet")
    for hit in hits:
        table.add_row(
            str(hit.document_id),
            hit.dossier_code or "-",
            hit.original_name,
            str(hit.page),
            hit.snippet,
        )
    console.print(table)
    console.print(f"{len(hits)} pages found.")
