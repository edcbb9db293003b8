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
    """Tag a document to a dossier by hand, as the clerk logged in (`sohoa login`)."""
    from intake.manual_tag import tag_by_hand
    from queries.documents import find_document
    from service.cli_identity import acting_user, check_sees_unit, command_actor
    from service.record_access import opened_record
    from store.states import Role

    with opened_record() as record:
        clerk = acting_user(record.settings, record.store, Role.CLERK)
        found = find_document(record.store, document)
        if found is not None:
            check_sees_unit(clerk, found.unit_id, f"Document {document}")
        moved = tag_by_hand(record.store, record.layout, document, code, command_actor(clerk))
        shown = record.layout.relative(moved)
    console.print(f"Document {document} tagged {code}; its output is {shown}.")


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
