"""`sohoa users`: the people who log in to the web interface, and API tokens."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console

from service.cli_table import key, print_json, table
from service.cli_words import word, yes_no
from service.errors import command, errors_console
from service.i18n import _
from service.password_input import PasswordEnv, read_password
from service.record_access import cli_actor, open_record

console = Console(highlight=False, markup=False, soft_wrap=True)
app = typer.Typer(help=_("Users of the web interface and API tokens."), no_args_is_help=True)
NameArgument = Annotated[str, typer.Argument(help=_("The user's login name."))]


@app.command("add", help=_("Add a user (the first admin is made this way)."))
@command
def add(
    name: Annotated[str, typer.Argument(help=_("Login name: letters a-z, digits, '.', '_', '-'."))],
    role: Annotated[
        list[str],
        typer.Option("--role", help=_("clerk, officer, auditor or admin; repeat for several.")),
    ],
    unit: Annotated[
        list[str] | None,
        typer.Option("--unit", help=_("A unit (inbox folder) a clerk works for; repeatable.")),
    ] = None,
    full_name: Annotated[str, typer.Option(help=_("The person's name as shown."))] = "",
    password_env: PasswordEnv = None,
) -> None:
    from accounts.users import UserSpec, add_user, parse_roles

    spec = UserSpec(
        name=name,
        roles=parse_roles(role),
        password=read_password(password_env, confirm=True),
        units=tuple(unit or ()),
        full_name=full_name,
    )
    store, _layout = open_record()
    try:
        add_user(store, spec, cli_actor())
    finally:
        store.dispose()
    roles = ", ".join(word(role) for role in sorted(spec.roles))
    console.print(_("User {name} added ({roles}).").format(name=name.lower(), roles=roles))


@app.command("passwd", help=_("Set a user's password; their open logins end."))
@command
def passwd(name: NameArgument, password_env: PasswordEnv = None) -> None:
    from accounts.users import change_password

    password = read_password(password_env, confirm=True)
    store, _layout = open_record()
    try:
        change_password(store, name, password, cli_actor())
    finally:
        store.dispose()
    console.print(_("Password of {name} changed.").format(name=name.lower()))


@app.command("list", help=_("Every user with roles, units and standing (never a password hash)."))
@command
def list_users(
    json_out: Annotated[bool, typer.Option("--json", help=_("The result as JSON."))] = False,
) -> None:
    from queries.accounts import user_rows

    store, _layout = open_record()
    try:
        users = user_rows(store)
    finally:
        store.dispose()
    if json_out:
        print_json([
            {"name": user.name, "full_name": user.full_name, "roles": sorted(user.roles),
             "units": list(user.units), "active": user.active}
            for user in users
        ])  # fmt: skip
        return
    headings = (key(_("name")), _("full name"), _("roles"), _("units"), _("active"))
    rows = [
        (user.name, user.full_name or "-", ", ".join(word(role) for role in sorted(user.roles)),
         ", ".join(user.units) or "-", yes_no(user.active))
        for user in users
    ]  # fmt: skip
    console.print(table(headings, rows))


@app.command(
    "token",
    help=_(
        "Make an API token for the one-stop system; it is printed once and kept only as a hash."
    ),
)
@command
def token(
    name: Annotated[str, typer.Argument(help=_("The user the token acts as."))],
    label: Annotated[str, typer.Option(help=_("What uses the token, e.g. 'one-stop system'."))],
) -> None:
    from accounts.api_tokens import create_api_token

    store, _layout = open_record()
    try:
        made = create_api_token(store, name, label, cli_actor())
    finally:
        store.dispose()
    # The token alone on standard output, for a script to keep; the words beside it.
    errors_console.print(
        _("API token for {name} ({label}); it is shown this once:").format(
            name=name.lower(), label=label
        )
    )
    print(made)
