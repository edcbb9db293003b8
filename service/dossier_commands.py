"""`sohoa dossiers`: the dossier register."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from service.cli_table import Listing, key, number, print_json, table
from service.cli_words import word, yes_no
from service.errors import command
from service.formats import vn_time
from service.i18n import _

if TYPE_CHECKING:
    from queries.documents import DocumentView

console = Console(highlight=False, markup=False, soft_wrap=True)
app = typer.Typer(help=_("The dossier register from the one-stop system."), no_args_is_help=True)
JsonOption = Annotated[bool, typer.Option("--json", help=_("The result as JSON."))]


@app.command(
    "import", help=_("Import (or update, by code) dossiers from the one-stop system's export.")
)
@command
def import_file(
    file: Annotated[Path, typer.Argument(help=_("Register export: CSV, XLSX or JSON."))],
) -> None:
    from dossier_register.flow import import_register
    from service.record_access import cli_actor, open_record

    store, _layout = open_record()
    try:
        result = import_register(store, file, actor=cli_actor())
    finally:
        store.dispose()
    for problem in result.problems:
        console.print(
            _("{file}, row {row}: {reason}").format(
                file=file.name, row=problem.row, reason=problem.reason
            )
        )
    console.print(
        _(
            "{file}: {created} dossiers added, {updated} updated, {unchanged} unchanged, "
            "{refused} rows refused; {linked} waiting documents linked."
        ).format(
            file=file.name,
            created=result.created,
            updated=result.updated,
            unchanged=result.unchanged,
            refused=len(result.problems),
            linked=result.documents_linked,
        )
    )


@app.command(
    "show", help=_("A dossier from the register, what the rates count of it, and its documents.")
)
@command
def show(
    code: Annotated[str, typer.Argument(help=_("Dossier code."))], json_out: JsonOption = False
) -> None:
    from config import load_settings
    from dossiers import parse_dossier_code
    from queries.dossier_documents import dossier_documents, find_dossier
    from service.record_access import open_record

    wanted = str(parse_dossier_code(code).dossier)
    settings = load_settings()
    store, _layout = open_record()
    try:
        dossier = find_dossier(store, settings.rates, wanted)
        documents = dossier_documents(store, wanted, dossier.id if dossier else None)
    finally:
        store.dispose()
    if json_out:
        print_json(
            {
                "code": wanted,
                "registered": dossier is not None,
                "dossier": _dossier_json(dossier) if dossier is not None else None,
                "documents": [document_json(document) for document in documents],
            }
        )
        return
    if dossier is None:
        console.print(_("{code}: not in the register.").format(code=wanted))
    else:
        console.print(f"[bold]{dossier.code}[/bold]", markup=True)
        if dossier.procedure_code is not None:
            procedure = f"{dossier.procedure_code} {dossier.procedure_name} ({dossier.field})"
            console.print("  " + _("procedure: {procedure}").format(procedure=procedure))
        console.print(
            "  "
            + _("unit: {unit}   channel: {channel}").format(
                unit=dossier.unit or "-", channel=dossier.channel
            )
        )
        console.print(
            "  "
            + _(
                "received {received}, due {due}, resolved {resolved}; written result "
                "required: {required}"
            ).format(
                received=vn_time(dossier.received_at) or "-",
                due=vn_time(dossier.due_at) or "-",
                resolved=vn_time(dossier.resolved_at) or "-",
                required=yes_no(dossier.result_required),
            )
        )
        console.print(
            "  "
            + _(
                "intake digitized: {intake}; result digitized: {result} (as the rates count them)"
            ).format(
                intake=yes_no(dossier.digitization.intake),
                result=yes_no(dossier.digitization.result),
            )
        )
    console.print(documents_table(documents))


def documents_table(documents: Sequence[DocumentView]) -> Listing:
    headings = (key(_("id")), _("kind"), _("status"), key(_("dossier")), _("tag source"),
                number(_("pages")), key(_("file")), key(_("output")))  # fmt: skip
    rows = [
        (document.id, word(document.kind), word(document.status), document.dossier_code,
         word(document.tag_source), document.page_count, document.original_name,
         document.output_path)
        for document in documents
    ]  # fmt: skip
    return table(headings, rows)


def document_json(document: DocumentView) -> dict[str, object]:
    return {
        "id": document.id,
        "kind": document.kind,
        "status": document.status,
        "dossier_code": document.dossier_code,
        "tag_source": document.tag_source,
        "pages": document.page_count,
        "file": document.original_name,
        "output": document.output_path,
    }


def _dossier_json(dossier: object) -> dict[str, object]:
    from dataclasses import asdict, is_dataclass

    assert is_dataclass(dossier) and not isinstance(dossier, type)
    return asdict(dossier)


@app.command(
    "components",
    help=_("List the components (thành phần hồ sơ) a procedure requires among the intake papers."),
)
@command
def components(
    procedure: Annotated[str, typer.Argument(help=_("Procedure code."))],
    names: Annotated[list[str], typer.Argument(help=_("The components it requires."))],
    rule: Annotated[
        str | None,
        typer.Option(
            "--rule", help=_("at_least_one or all_required; default: the settings' rule.")
        ),
    ] = None,
) -> None:
    from config import ConfigError
    from config.rates_settings import IntakeRule
    from dossier_register.components import set_procedure_components
    from service.record_access import cli_actor, open_record

    try:
        chosen = IntakeRule(rule) if rule is not None else None
    except ValueError:
        raise ConfigError(
            f"--rule must be at_least_one or all_required, not {rule}.",
            code="cli.rule_invalid",
            params={"rule": rule},
        ) from None
    store, _layout = open_record()
    try:
        set_procedure_components(store, procedure, names, chosen, cli_actor())
    finally:
        store.dispose()
    console.print(
        _("Procedure {procedure}: {count} components, rule {rule}.").format(
            procedure=procedure, count=len(names), rule=rule or _("default")
        )
    )
