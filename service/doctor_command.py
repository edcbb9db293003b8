"""`sohoa doctor`: is this machine ready to run Sohoa? Exit 3 when something is wrong."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.text import Text

from config.errors import ExitCode
from service.i18n import _, current_language, ngettext, pgettext

if TYPE_CHECKING:
    from health_checks.findings import DoctorReport

console = Console(highlight=False, soft_wrap=True)
EXIT_ON_PROBLEM = ExitCode.missing_dependency  # the machine lacks something Sohoa needs

_STYLES = {"ok": "green", "warning": "yellow", "problem": "bold red"}


def doctor(
    json_output: Annotated[
        bool,
        typer.Option("--json", help=_("The findings as one JSON object (for scripts).")),
    ] = False,
) -> None:
    from config import load_settings
    from health_checks.flow import examine

    report = examine(load_settings())
    if json_output:
        print(json.dumps(report.to_dict(), ensure_ascii=False, indent=1))
    else:
        _print(report)
    if not report.ok:
        raise typer.Exit(int(EXIT_ON_PROBLEM))


def _print(report: DoctorReport) -> None:
    from service.doctor_words import fix, label, message

    language = current_language()
    statuses = {
        "ok": pgettext("doctor", "ok"),
        "warning": pgettext("doctor", "warning"),
        "problem": pgettext("doctor", "problem"),
    }
    for finding in report.findings:
        status = str(finding.status)
        console.print(
            Text.assemble(
                (f"{statuses[status]:>9}", _STYLES[status]),
                "  ",
                (label(finding, language), "bold"),
                ": ",
                message(finding, language),
            )
        )
        said_fix = fix(finding, language)
        if said_fix and status != "ok":
            console.print(Text.assemble(" " * 11, (_("fix:"), "bold"), " ", said_fix))
    console.print(_summary(len(report.problems), len(report.warnings)))


def _summary(problems: int, warnings: int) -> str:
    counted = ngettext("{count} warning", "{count} warnings", warnings).format(count=warnings)
    if problems:
        return ngettext(
            "{count} problem and {warnings}: mend the problem first.",
            "{count} problems and {warnings}: mend the problems first.",
            problems,
        ).format(count=problems, warnings=counted)
    if warnings:
        return _("No problems; {warnings}.").format(warnings=counted)
    return _("Everything is ready.")
