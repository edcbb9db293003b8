"""`sohoa documents`: what waits for a clerk."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console

from service.errors import command

console = Console(highlight=False, markup=False)
app = typer.Typer(help="Documents in the record.", no_args_is_help=True)


@app.command("untagged")
@command
def untagged() -> None:
    """Digitized documents that no dossier code could be found for."""
    from queries.untagged import untagged_documents
    from service.dossier_commands import documents_table
    from service.record_access import open_record

    store, _ = open_record()
    try:
        documents = untagged_documents(store)
    finally:
        store.dispose()
    console.print(documents_table(documents))
    console.print(f"{len(documents)} documents wait for a dossier code.")


@app.command("tag")
@command
def tag(
    document: Annotated[int, typer.Argument(help="Document id (see `sohoa documents untagged`).")],
    code: Annotated[str, typer.Argument(help="Dossier code.")],
) -> None:
    """Tag a document to a dossier by hand."""
    from intake.manual_tag import tag_by_hand
    from service.record_access import cli_actor, open_record

    store, layout = open_record()
    try:
        moved = tag_by_hand(store, layout, document, code, actor=cli_actor())
    finally:
        store.dispose()
    console.print(f"Document {document} tagged {code}; its output is {layout.relative(moved)}.")


@app.command("component")
@command
def component(
    document: Annotated[int, typer.Argument(help="Document id.")],
    name: Annotated[str, typer.Argument(help="The component it is (as the procedure lists).")],
) -> None:
    """Say which component of its dossier a document is (for the "all_required" rule)."""
    from dossier_register.components import set_document_component
    from service.record_access import cli_actor, open_record

    store, _ = open_record()
    try:
        set_document_component(store, document, name, cli_actor())
    finally:
        store.dispose()
    console.print(f"Document {document} is the component '{name}'.")
