"""`sohoa documents`: what waits for a clerk."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from service.errors import command
from service.i18n import _

if TYPE_CHECKING:
    from accounts.users import WebUser
    from queries.reuses import ReuseView
    from store.database import Store

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


@app.command(
    "reuse",
    help=_(
        "Reuse an already-digitized document for another dossier, without rescanning it, as "
        "the clerk logged in (`sohoa login`)."
    ),
)
@command
def reuse(
    document: Annotated[int, typer.Argument(help=_("Document id."))],
    dossier: Annotated[
        str, typer.Option("--dossier", help=_("The dossier code it is reused for."))
    ],
    note: Annotated[str, typer.Option("--note", help=_("A note kept with the reuse."))] = "",
    unit: Annotated[
        str | None,
        typer.Option(
            "--unit",
            help=_("The receiving unit when the dossier is not registered yet (default: yours)."),
        ),
    ] = None,
) -> None:
    from dossier_register.reuse import reuse_document
    from queries.documents import find_document
    from service.cli_identity import acting_user, check_sees_unit, command_actor
    from service.record_access import opened_record
    from store.states import Role

    with opened_record() as record:
        clerk = acting_user(record.settings, record.store, Role.CLERK)
        found = find_document(record.store, document)
        if found is not None:
            check_sees_unit(
                clerk, found.unit_id, _("Document {document}").format(document=document)
            )
        receiving = _receiving_unit(record.store, clerk, unit)
        done = reuse_document(
            record.store,
            document,
            dossier,
            command_actor(clerk),
            note=note,
            unit_ids=clerk.visible_unit_ids,
            unit_id=receiving,
        )
    said = (
        _("Document {document} is reused for dossier {code}.")
        if done.registered
        else _(
            "Document {document} is reused for dossier {code}, not registered yet: it counts "
            "once the register names it."
        )
    )
    console.print(said.format(document=document, code=done.dossier_code))


@app.command(
    "unreuse",
    help=_("Remove a reuse of a document for a dossier, saying why (audited)."),
)
@command
def unreuse(
    document: Annotated[int, typer.Argument(help=_("Document id."))],
    dossier: Annotated[str, typer.Option("--dossier", help=_("The dossier code."))],
    reason: Annotated[str, typer.Option("--reason", help=_("Why (kept in the audit trail)."))],
) -> None:
    from dossier_register.reuse import remove_reuse
    from service.cli_identity import acting_user, command_actor
    from service.record_access import opened_record
    from store.states import Role

    with opened_record() as record:
        clerk = acting_user(record.settings, record.store, Role.CLERK)
        remove_reuse(
            record.store,
            document,
            dossier,
            command_actor(clerk),
            reason=reason,
            unit_ids=clerk.visible_unit_ids,
        )
    console.print(
        _("Document {document} is no longer reused for dossier {code}.").format(
            document=document, code=dossier.strip().upper()
        )
    )


@app.command(
    "reuses",
    help=_("The dossiers a document is reused for, or the documents reused for a dossier."),
)
@command
def reuses(
    document: Annotated[int | None, typer.Argument(help=_("Document id."))] = None,
    dossier: Annotated[
        str | None, typer.Option("--dossier", help=_("The dossier code instead."))
    ] = None,
    json_out: Annotated[bool, typer.Option("--json", help=_("The result as JSON."))] = False,
) -> None:
    from config import ConfigError
    from dossiers import parse_dossier_code
    from queries.reuses import reuses_for_dossier, reuses_of_document
    from service.cli_table import key, moment, print_json, table
    from service.formats import vn_time
    from service.record_access import open_record

    if (document is None) == (dossier is None):
        raise ConfigError(
            "Give a document id or --dossier CODE, one of them.", code="cli.reuses_one_of"
        )
    store, _layout = open_record()
    try:
        if dossier is not None:
            links = reuses_for_dossier(store, str(parse_dossier_code(dossier).dossier))
        else:
            assert document is not None
            links = reuses_of_document(store, document)
    finally:
        store.dispose()
    if json_out:
        print_json([_reuse_json(link) for link in links])
        return
    headings = (key(_("document")), key(_("its dossier")), key(_("reused for")),
                key(_("unit")), _("by"), moment(_("at")), _("note"))  # fmt: skip
    rows = [
        (link.document_id, link.from_dossier or "", link.dossier_code, link.unit_code or "",
         link.reused_by, vn_time(link.reused_at), link.note)
        for link in links
    ]  # fmt: skip
    console.print(table(headings, rows))
    console.print(_("{count} reuses.").format(count=len(links)))


def _receiving_unit(store: Store, clerk: WebUser, code: str | None) -> int | None:
    """The unit a reuse is received by when its dossier is not registered: the one named
    (which the clerk must serve), else the clerk's only unit, else none."""
    from config import ConfigError
    from queries.unit_choices import unit_choices
    from service.cli_identity import check_sees_unit

    if code is None:
        return next(iter(clerk.unit_ids)) if len(clerk.unit_ids) == 1 else None
    check_sees_unit(clerk, code, _("Unit {unit}").format(unit=code))
    for choice in unit_choices(store, None):
        if choice.code == code:
            return choice.id
    raise ConfigError(f"There is no unit {code}.", code="cli.unit_unknown", params={"unit": code})


def _reuse_json(link: ReuseView) -> dict[str, object]:
    return {
        "id": link.id,
        "document_id": link.document_id,
        "document": link.document_name,
        "document_dossier": link.from_dossier,
        "dossier_code": link.dossier_code,
        "registered": link.registered,
        "unit": link.unit_code,
        "reused_by": link.reused_by,
        "reused_at": link.reused_at,
        "note": link.note,
    }
