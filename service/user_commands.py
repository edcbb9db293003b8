"""`sohoa users`: the people who log in to the web interface, and API tokens."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from service.errors import command
from service.password_input import PasswordEnv, read_password
from service.record_access import cli_actor, open_record

console = Console(highlight=False, markup=False, soft_wrap=True)
app = typer.Typer(help="Users of the web interface and API tokens.", no_args_is_help=True)


@app.command("add")
@command
def add(
    name: Annotated[str, typer.Argument(help="Login name: letters a-z, digits, '.', '_', '-'.")],
    role: Annotated[
        list[str],
        typer.Option("--role", help="clerk, officer, auditor or admin; repeat for several."),
    ],
    unit: Annotated[
        list[str] | None,
        typer.Option("--unit", help="A unit (inbox folder) a clerk works for; repeatable."),
    ] = None,
    full_name: Annotated[str, typer.Option(help="The person's name as shown.")] = "",
    password_env: PasswordEnv = None,
) -> None:
    """Add a user (the first admin is made this way)."""
    from accounts.users import UserSpec, add_user, parse_roles

    spec = UserSpec(
        name=name,
        roles=parse_roles(role),
        password=read_password(password_env, confirm=True),
        units=tuple(unit or ()),
        full_name=full_name,
    )
    store, _ = open_record()
    try:
        add_user(store, spec, cli_actor())
    finally:
        store.dispose()
    console.print(f"User {name.lower()} added ({', '.join(sorted(spec.roles))}).")


@app.command("passwd")
@command
def passwd(name: str, password_env: PasswordEnv = None) -> None:
    """Set a user's password; their open logins end."""
    from accounts.users import change_password

    password = read_password(password_env, confirm=True)
    store, _ = open_record()
    try:
        change_password(store, name, password, cli_actor())
    finally:
        store.dispose()
    console.print(f"Password of {name.lower()} changed.")


@app.command("list")
@command
def list_users() -> None:
    """Every user with roles, units and standing (never a password hash)."""
    from queries.accounts import user_rows

    store, _ = open_record()
    try:
        users = user_rows(store)
    finally:
        store.dispose()
    table = Table("name", "full name", "roles", "units", "active")
    for user in users:
        table.add_row(
            user.name,
            user.full_name or "-",
            ", ".join(sorted(user.roles)),
            ", ".join(user.units) or "-",
            "yes" if user.active else "no",
        )
    console.print(table)


@app.command("token")
@command
def token(
    name: Annotated[str, typer.Argument(help="The user the token acts as.")],
    label: Annotated[str, typer.Option(help="What uses the token, e.g. 'one-stop system'.")],
) -> None:
    """Make an API token for the one-stop system; it is printed once and kept only as a hash."""
    from accounts.api_tokens import create_api_token

    store, _ = open_record()
    try:
        made = create_api_token(store, name, label, cli_actor())
    finally:
        store.dispose()
    console.print(made)
