"""`sohoa search`: full text over everything digitized."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console

console = Console(highlight=False, markup=False)


def search(
    query: Annotated[
        str,
        typer.Argument(
            help='Words to find, all of them, in any order; "ho so" finds "hồ sơ"; '
            "quote words to find them together: '\"giay khai sinh\"'."
        ),
    ],
    dossier: Annotated[str | None, typer.Option(help="Only this dossier's documents.")] = None,
    limit: Annotated[int, typer.Option(help="Most pages shown.")] = 50,
) -> None:
    """Find pages by their text, ignoring diacritics and case."""
    from queries.dossier_search import pages_with_text
    from service.record_access import open_record

    store, _ = open_record()
    try:
        hits = pages_with_text(store, query, 0, limit, dossier_code=dossier)
    finally:
        store.dispose()
    for hit in hits:
        # One line a page, never cut short: the snippet is what the reader came for.
        where = f"document {hit.document_id} · {hit.dossier_code or 'untagged'} · "
        line = f"{where}{hit.original_name} · page {hit.page}: {hit.snippet}"
        console.print(line, soft_wrap=True, markup=False)
    console.print(f"{len(hits)} pages found.")
