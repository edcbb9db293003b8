"""Typer's own words that a `sohoa` user meets and that Typer looks up through gettext itself
(`service.i18n.use_language` points gettext at our catalogue), marked here so that extracting
the catalogue keeps their Vietnamese. The words its copy of Click writes in English are
replaced in `service.cli_framework`."""

from __future__ import annotations


def N_(message: str) -> str:  # noqa: N802  (the name gettext tools know)
    """Marks a message for the catalogue without translating it here."""
    return message


FRAMEWORK_WORDS = (
    N_("Options"),
    N_("Commands"),
    N_("Arguments"),
    N_("Error"),
    N_("Aborted."),
    N_("Aborted!"),
    N_("Try [blue]'{command_path} {help_option}'[/] for help."),
    N_("[default: {}]"),
    N_("[env var: {}]"),
    N_("[required]"),
    N_("(deprecated) "),
    N_("(dynamic)"),
    N_("No such command {name!r}."),
    # The reasons Typer's value checks give most often, passed through `_()` when shown.
    N_("Input should be a valid integer, unable to parse string as an integer"),
)
