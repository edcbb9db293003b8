"""`sohoa search`: full text over everything digitized."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console

from service.i18n import _

console = Console(highlight=False, markup=False, soft_wrap=True)


def search(
    query: Annotated[
        str,
        typer.Argument(
            help=_(
                'Words to find, all of them, in any order; "ho so" finds "hồ sơ"; quote '
                "words to find them together: '\"giay khai sinh\"'."
            )
        ),
    ],
    dossier: Annotated[str | None, typer.Option(help=_("Only this dossier's documents."))] = None,
    limit: Annotated[int, typer.Option(help=_("Most pages shown."))] = 50,
    json_out: Annotated[bool, typer.Option("--json", help=_("The result as JSON."))] = False,
) -> None:
    from queries.dossier_search import pages_with_text
    from service.cli_table import print_json
    from service.record_access import open_record

    store, _layout = open_record()
    try:
        hits = pages_with_text(store, query, 0, limit, dossier_code=dossier)
    finally:
        store.dispose()
    if json_out:
        print_json([
            {"document_id": hit.document_id, "dossier_code": hit.dossier_code,
             "file": hit.original_name, "page": hit.page, "snippet": hit.snippet}
            for hit in hits
        ])  # fmt: skip
        return
    for hit in hits:
        # One line a page, never cut short: the snippet is what the reader came for.
        line = _("document {document} · {dossier} · {file} · page {page}: {snippet}").format(
            document=hit.document_id,
            dossier=hit.dossier_code or _("untagged"),
            file=hit.original_name,
            page=hit.page,
            snippet=hit.snippet,
        )
        console.print(line, soft_wrap=True, markup=False)
    console.print(_("{count} pages found.").format(count=len(hits)))
