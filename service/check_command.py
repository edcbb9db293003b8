"""`sohoa check`: prove that nothing was lost or changed; exit non-zero on any problem."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.console import Console
from rich.text import Text

from config.errors import ExitCode
from service.check_words import problem_label, problem_text
from service.formats import vn_count
from service.i18n import _

console = Console(highlight=False, soft_wrap=True)


def check(
    json_output: Annotated[
        bool,
        typer.Option("--json", help=_("The report as one JSON object (for monitoring).")),
    ] = False,
) -> None:
    from service.integrity import check_everything
    from service.record_access import opened_record

    with opened_record() as record:
        report = check_everything(record)
    if json_output:
        print(json.dumps(report.to_dict(), ensure_ascii=False, indent=1))
    else:
        for problem in report.problems:
            said = problem_text(problem.kind, problem.message, problem.path, problem.params)
            console.print(Text.assemble((problem_label(problem.kind), "bold red"), f" {said}"))
        looked = ", ".join(
            f"{vn_count(number)} {_checked_word(what)}" for what, number in report.checked.items()
        )
        verdict = (
            _("Everything holds")
            if report.ok
            else _("{count} problems").format(count=len(report.problems))
        )
        console.print(_("{verdict}: checked {looked}.").format(verdict=verdict, looked=looked))
    if not report.ok:
        raise typer.Exit(int(ExitCode.invalid_output))


def _checked_word(what: str) -> str:
    words = {
        "documents": _("documents"),
        "originals": _("originals"),
        "outputs": _("outputs"),
        "signed files": _("signed files"),
        "inbox files": _("inbox files"),
        "receipts": _("receipts"),
        "audit entries": _("audit entries"),
        "checkpoints": _("checkpoints"),
    }
    return words.get(what, what)
