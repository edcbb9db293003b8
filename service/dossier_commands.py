"""`sohoa dossiers`: the dossier register."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table

from service.errors import command
from service.time_format import shown

if TYPE_CHECKING:
    from queries.documents import DocumentView

console = Console(highlight=False, markup=False)
app = typer.Typer(help="The dossier register from the one-stop system.", no_args_is_help=True)


@app.command("import")
@command
def import_file(
    file: Annotated[Path, typer.Argument(help="Register export: CSV, XLSX or JSON.")],
) -> None:
    """Import (or update, by code) dossiers from the one-stop system's export."""
    from dossier_register.flow import import_register
    from service.record_access import cli_actor, open_record

    store, _ = open_record()
    try:
        result = import_register(store, file, actor=cli_actor())
    finally:
        store.dispose()
    for problem in result.problems:
        console.print(f"{file.name}, row {problem.row}: {problem.reason}")
    console.print(
        f"{file.name}: {result.created} dossiers added, {result.updated} updated, "
        f"{result.unchanged} unchanged, {len(result.problems)} rows refused; "
        f"{result.documents_linked} waiting documents linked."
    )


@app.command("show")
@command
def show(code: Annotated[str, typer.Argument(help="Dossier code.")]) -> None:
    """A dossier from the register, what the rates count of it, and its documents."""
    from config import load_settings
    from dossiers import parse_dossier_code
    from queries.dossier_documents import dossier_documents, find_dossier
    from service.record_access import open_record

    wanted = str(parse_dossier_code(code).dossier)
    settings = load_settings()
    store, _ = open_record()
    try:
        dossier = find_dossier(store, settings.rates, wanted)
        documents = dossier_documents(store, wanted, dossier.id if dossier else None)
    finally:
        store.dispose()
    if dossier is None:
        console.print(f"{wanted}: not in the register.")
    else:
        console.print(f"[bold]{dossier.code}[/bold]", markup=True)
        if dossier.procedure_code is not None:
            console.print(
                f"  procedure: {dossier.procedure_code} {dossier.procedure_name} ({dossier.field})"
            )
        console.print(f"  unit: {dossier.unit or '-'}   channel: {dossier.channel}")
        console.print(
            f"  received {shown(dossier.received_at)}, due {shown(dossier.due_at)}, "
            f"resolved {shown(dossier.resolved_at)}; written result required: "
            f"{_yes(dossier.result_required)}"
        )
        console.print(
            f"  intake digitized: {_yes(dossier.digitization.intake)}; "
            f"result digitized: {_yes(dossier.digitization.result)} (as the rates count them)"
        )
    console.print(documents_table(documents))


def _yes(value: bool) -> str:
    return "yes" if value else "no"


def documents_table(documents: Sequence[DocumentView]) -> Table:
    table = Table("id", "kind", "status", "dossier", "tag source", "pages", "file", "output")
    for document in documents:
        table.add_row(
            str(document.id),
            document.kind,
            document.status,
            document.dossier_code or "-",
            document.tag_source or "-",
            str(document.page_count or "-"),
            document.original_name,
            document.output_path or "-",
        )
    return table


@app.command("components")
@command
def components(
    procedure: Annotated[str, typer.Argument(help="Procedure code.")],
    names: Annotated[list[str], typer.Argument(help="The components it requires.")],
    rule: Annotated[
        str | None,
        typer.Option("--rule", help="at_least_one or all_required; default: the settings' rule."),
    ] = None,
) -> None:
    """List the components (thành phần hồ sơ) a procedure requires among the intake papers."""
    from config import ConfigError
    from config.rates_settings import IntakeRule
    from dossier_register.components import set_procedure_components
    from service.record_access import cli_actor, open_record

    try:
        chosen = IntakeRule(rule) if rule is not None else None
    except ValueError:
        raise ConfigError(f"--rule must be at_least_one or all_required, not {rule}.") from None
    store, _ = open_record()
    try:
        set_procedure_components(store, procedure, names, chosen, cli_actor())
    finally:
        store.dispose()
    console.print(f"Procedure {procedure}: {len(names)} components, rule {rule or 'default'}.")
