"""A secret typed at a terminal: never echoed, and asked twice when it is being set.

Typer's copy of Click asks again and reports a mismatch in English words of its own
("Repeat for confirmation", "Error: The two entered values do not match."), so the
confirmation is asked here, in the command line's language.
"""

from __future__ import annotations

import typer

from service.i18n import _


def ask_secret(question: str, *, confirm: bool) -> str:
    """The answer to `question`, typed without echo; with `confirm`, typed a second time
    until both agree."""
    while True:
        secret = str(typer.prompt(question, hide_input=True))
        if not confirm:
            return secret
        again = str(typer.prompt(_("Repeat for confirmation"), hide_input=True))
        if again == secret:
            return secret
        typer.echo(_("Error: The two entered values do not match."))
