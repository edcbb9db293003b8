"""The command line's one translator: a SohoaError becomes a one-line reason and an exit code."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps

import typer
from rich.console import Console
from rich.text import Text

from config.errors import ExitCode, SohoaError
from service.i18n import _, current_language
from service.messages import say

errors_console = Console(stderr=True, highlight=False, soft_wrap=True)


def report(error: SohoaError) -> None:
    # Assembled, not marked up: a file name like "scan [1].pdf" must print as it is.
    errors_console.print(Text.assemble((_("error:"), "bold red"), " ", said(error)))


def said(error: SohoaError) -> str:
    """`error` in the command line's language: in Vietnamese, the words the web shows for its
    code (the same catalogue), else its own message."""
    if current_language() == "en":
        return error.message
    return say(error)


@contextmanager
def translated_errors() -> Iterator[None]:
    try:
        yield
    except SohoaError as error:
        report(error)
        raise typer.Exit(int(error.exit_code)) from error
    except KeyboardInterrupt as interrupt:
        errors_console.print(_("interrupted"))
        raise typer.Exit(int(ExitCode.ctrl_c)) from interrupt


def command(function: Callable[..., None]) -> Callable[..., None]:
    """Run a CLI command inside the translator."""

    @wraps(function)
    def wrapper(*args: object, **kwargs: object) -> None:
        with translated_errors():
            function(*args, **kwargs)

    return wrapper
