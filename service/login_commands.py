"""`sohoa login` and `sohoa logout`: the person at the terminal proves who they are once, and
the commands that act for them present the token kept for them (`service.cli_identity`)."""

from __future__ import annotations

import socket
from typing import Annotated

import typer
from rich.console import Console

from config import load_settings
from service.cli_identity import (
    NotLoggedInError,
    command_actor,
    keep_token,
    presented_token,
    token_file,
)
from service.i18n import _
from service.password_input import PasswordEnv, read_password
from service.record_access import opened_record

console = Console(highlight=False, markup=False, soft_wrap=True)


def login(
    name: Annotated[str, typer.Argument(help=_("Your Sohoa user name."))],
    password_env: PasswordEnv = None,
) -> None:
    from accounts.api_tokens import log_in_command_line
    from accounts.logins import LoginThrottled

    password = read_password(password_env, confirm=False)
    with opened_record() as record:
        outcome = log_in_command_line(
            record.store, record.settings.web, name, password, socket.gethostname()
        )
    if isinstance(outcome, LoginThrottled):
        raise NotLoggedInError(
            f"Too many wrong passwords in a row: try again in {outcome.retry_after} seconds.",
            code="cli.login_throttled",
            params={"seconds": outcome.retry_after},
        )
    if not isinstance(outcome, str):
        raise NotLoggedInError("Wrong user name or password.", code="cli.login_wrong")
    path = keep_token(load_settings(), outcome)
    console.print(
        _("Logged in as {name}; the token is kept in {path}.").format(
            name=name.strip().lower(), path=path
        )
    )


def logout() -> None:
    from accounts.api_tokens import revoke_presented_token, token_user

    settings = load_settings()
    path = token_file(settings)
    token = presented_token(settings) if path.exists() else None
    if token is not None:
        with opened_record() as record:
            user = token_user(record.store, token)
            actor = command_actor(user) if user else "cli:unknown"
            revoke_presented_token(record.store, token, actor)
    path.unlink(missing_ok=True)
    console.print(_("Logged out.") if token else _("Not logged in."))
