"""`sohoa units`: the offices whose folders sit in the inbox, by code and name."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console

from service.cli_table import key, print_json, table
from service.errors import command
from service.i18n import _
from service.record_access import cli_actor, opened_record

console = Console(highlight=False, markup=False, soft_wrap=True)
app = typer.Typer(
    help=_(
        "Units: the offices whose folders sit in the inbox (inbox/<code>/intake and results). "
        "A unit also appears on its own when files arrive in a new inbox folder."
    ),
    no_args_is_help=True,
)

Code = Annotated[str, typer.Argument(help=_("The unit's code: the name of its inbox folder."))]
Name = Annotated[str, typer.Option("--name", help=_("The name people read."))]


@app.command("add", help=_("Add a unit and make its inbox folders."))
@command
def add(code: Code, name: Name) -> None:
    from accounts.unit_names import add_unit

    with opened_record() as record:
        add_unit(record, code, name, cli_actor())
        inbox = record.layout.inbox / code
    console.print(
        _("Unit {code} added: {name}; its inbox is {folder}/.").format(
            code=code, name=" ".join(name.split()), folder=inbox
        )
    )


@app.command("list", help=_("Every unit, its code and its name."))
@command
def list_units(
    as_json: Annotated[bool, typer.Option("--json", help=_("As JSON, for scripts."))] = False,
) -> None:
    from queries.units import named_units

    with opened_record() as record:
        units = named_units(record.store, None)
    if as_json:
        print_json([{"code": unit.code, "name": unit.name} for unit in units])
        return
    rows = [(unit.code, unit.name or _("(no name yet)")) for unit in units]
    console.print(table((key(_("unit code")), _("unit name")), rows))


@app.command("rename", help=_("Give a unit another name; its code (the inbox folder) stays."))
@command
def rename(code: Code, name: Name) -> None:
    from accounts.unit_names import rename_unit_coded

    with opened_record() as record:
        changed = rename_unit_coded(record.store, code, name, cli_actor())
    said = _("Unit {code} renamed.") if changed else _("Unit {code} had that name already.")
    console.print(said.format(code=code))
