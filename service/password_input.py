"""A password typed at a prompt (never echoed) or read from a named environment variable,
for the commands that take one: `users add`, `users passwd`, `login`."""

from __future__ import annotations

import os
from typing import Annotated

import typer

from service.i18n import _
from service.secret_prompt import ask_secret

PasswordEnv = Annotated[
    str | None,
    typer.Option(
        "--password-env",
        metavar="VAR",
        help=_("Read the password from this environment variable instead of a prompt."),
    ),
]


def read_password(variable: str | None, *, confirm: bool) -> str:
    """From `variable` when named, else a hidden prompt (asked twice when `confirm`)."""
    if variable is None:
        return ask_secret(_("Password"), confirm=confirm)
    value = os.environ.get(variable)
    if value is None:
        raise typer.BadParameter(
            _("the environment variable {variable} is not set").format(variable=variable),
            param_hint="'--password-env'",
        )
    return value
