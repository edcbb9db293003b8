"""`sohoa check`: prove that nothing was lost or changed; exit non-zero on any problem."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.console import Console

from config.errors import ExitCode

console = Console(highlight=False, soft_wrap=True)


def check(
    json_output: Annotated[
        bool, typer.Option("--json", help="The report as one JSON object (for monitoring).")
    ] = False,
) -> None:
    """Hash every archived original and output against the record, verify every signed file
    and receipt, the audit chain and its checkpoints, and look for files stuck in the inbox.
    Changes nothing."""
    from service.integrity import check_everything
    from service.record_access import opened_record

    with opened_record() as record:
        report = check_everything(record)
    if json_output:
        print(json.dumps(report.to_dict(), ensure_ascii=False, indent=1))
    else:
        for problem in report.problems:
            console.print(f"[bold red]{problem.kind}:[/] {problem.message}", markup=True)
        looked = ", ".join(f"{number} {what}" for what, number in report.checked.items())
        verdict = "Everything holds" if report.ok else f"{len(report.problems)} problems"
        console.print(f"{verdict}: checked {looked}.")
    if not report.ok:
        raise typer.Exit(int(ExitCode.invalid_output))
