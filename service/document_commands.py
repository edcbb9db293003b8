"""`sohoa documents`: what waits for a clerk."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console

from service.errors import command
from service.i18n import _

console = Console(highlight=False, markup=False, soft_wrap=True)
app = typer.Typer(help=_("Documents in the record."), no_args_is_help=True)


@app.command("untagged", help=_("Digitized documents that no dossier code could be found for."))
@command
def untagged(
    json_out: Annotated[bool, typer.Option("--json", help=_("The result as JSON."))] = False,
) -> None:
    from queries.untagged import untagged_documents
    from service.cli_table import print_json
    from service.dossier_commands import document_json, documents_table
    from service.record_access import open_record

    store, _layout = open_record()
    try:
        documents = untagged_documents(store)
    finally:
        store.dispose()
    if json_out:
        print_json([document_json(document) for document in documents])
        return
    console.print(documents_table(documents))
    console.print(_("{count} documents wait for a dossier code.").format(count=len(documents)))


@app.command(
    "tag", help=_("Tag a document to a dossier by hand, as the clerk logged in (`sohoa login`).")
)
@command
def tag(
    document: Annotated[
        int, typer.Argument(help=_("Document id (see `sohoa documents untagged`)."))
    ],
    code: Annotated[str, typer.Argument(help=_("Dossier code."))],
) -> None:
    from intake.manual_tag import tag_by_hand
    from queries.documents import find_document
    from service.cli_identity import acting_user, check_sees_unit, command_actor
    from service.record_access import opened_record
    from store.states import Role

    with opened_record() as record:
        clerk = acting_user(record.settings, record.store, Role.CLERK)
        found = find_document(record.store, document)
        if found is not None:
            what = _("Document {document}").format(document=document)
            check_sees_unit(clerk, found.unit_id, what)
        moved = tag_by_hand(record.store, record.layout, document, code, command_actor(clerk))
        shown = record.layout.relative(moved)
    console.print(
        _("Document {document} tagged {code}; its output is {output}.").format(
            document=document, code=code, output=shown
        )
    )


@app.command(
    "component",
    help=_('Say which component of its dossier a document is (for the "all_required" rule).'),
)
@command
def component(
    document: Annotated[int, typer.Argument(help=_("Document id."))],
    name: Annotated[str, typer.Argument(help=_("The component it is (as the procedure lists)."))],
) -> None:
    from dossier_register.components import set_document_component
    from service.record_access import cli_actor, open_record

    store, _layout = open_record()
    try:
        set_document_component(store, document, name, cli_actor())
    finally:
        store.dispose()
    console.print(
        _("Document {document} is the component '{name}'.").format(document=document, name=name)
    )
