"""`sohoa audit`: the audit trail."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.text import Text

from config.errors import ExitCode
from service.audit_problem_words import chain_problem_words, checkpoint_problem_words
from service.cli_table import print_json
from service.errors import command
from service.formats import vn_count
from service.i18n import _, current_language
from service.time_format import parse_period

console = Console(highlight=False, markup=False, soft_wrap=True)
app = typer.Typer(help=_("The append-only audit trail."), no_args_is_help=True)


@app.command(
    "verify",
    help=_(
        "Walk the hash chain and compare it with every checkpoint; name the first entry "
        "altered, removed or reordered, and any truncation or rewriting after a checkpoint."
    ),
)
@command
def verify(
    json_out: Annotated[bool, typer.Option("--json", help=_("The result as JSON."))] = False,
) -> None:
    from audit_trail.checkpoints import check_checkpoints
    from queries.audit_trail import verify_audit_chain
    from service.record_access import opened_record

    with opened_record() as record:
        report = verify_audit_chain(record.store)
        findings = check_checkpoints(record)
    broken = [finding for finding in findings if not finding.holds]
    if json_out:
        print_json({
            "intact": report.intact and not broken, "entries": report.entries,
            "first_bad_id": report.first_bad_id, "problem": report.problem,
            "checkpoints": [{"file": finding.path.name, "holds": finding.holds,
                             "problem": finding.problem} for finding in findings],
        })  # fmt: skip
    for finding in broken if not json_out else ():
        said = _("Checkpoint {file}:").format(file=finding.path.name)
        why = _in_language(str(finding.problem), checkpoint_problem_words)
        console.print(Text.assemble((said, "bold red"), f" {why}."))
    if not report.intact and not json_out:
        said = _("The audit trail is broken at entry {entry}:").format(entry=report.first_bad_id)
        why = _in_language(str(report.problem), chain_problem_words)
        console.print(Text.assemble((said, "bold red"), f" {why}."))
    if broken or not report.intact:
        raise typer.Exit(int(ExitCode.invalid_output))
    if not json_out:
        console.print(
            _(
                "The audit trail is intact: {entries} entries verified, {checkpoints} "
                "checkpoints hold."
            ).format(entries=vn_count(report.entries), checkpoints=len(findings))
        )


def _in_language(problem: str, vietnamese: Callable[[str], str]) -> str:
    return problem if current_language() == "en" else vietnamese(problem)


@app.command(
    "checkpoint",
    help=_("Sign the chain's head now (entries and newest hash) into a small file in the archive."),
)
@command
def checkpoint() -> None:
    from audit_trail.checkpoints import make_checkpoint
    from service.record_access import cli_actor, opened_record

    with opened_record() as record:
        made = make_checkpoint(record, cli_actor())
        shown = record.layout.relative(made.path)
    console.print(
        _("Checkpoint {file}: {entries} entries up to entry {head}, head {hash}…").format(
            file=shown, entries=vn_count(made.entries), head=made.head_id, hash=made.head_hash[:16]
        )
    )


@app.command(
    "export",
    help=_("Entries of a period as JSON Lines, with their hashes; the export is itself audited."),
)
@command
def export(
    start: Annotated[str, typer.Option("--from", help=_("First day, YYYY-MM-DD (Vietnam time)."))],
    end: Annotated[str, typer.Option("--to", help=_("Last day, YYYY-MM-DD."))],
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help=_("A .jsonl file; default: stdout."))
    ] = None,
) -> None:
    from audit_trail.flow import export_audit
    from service.record_access import cli_actor, open_record

    period = parse_period(start, end)
    store, _layout = open_record()
    try:
        if output is None:
            export_audit(store, *period, sys.stdout, cli_actor())
            return
        with output.open("w", encoding="utf-8") as file:
            exported = export_audit(store, *period, file, cli_actor())
    finally:
        store.dispose()
    console.print(
        _("{entries} entries written to {file} (sha256 {sha256}).").format(
            entries=vn_count(exported.entries), file=output, sha256=exported.sha256
        )
    )
