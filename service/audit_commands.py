"""`sohoa audit`: the audit trail."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from config.errors import ExitCode
from service.errors import command
from service.time_format import parse_period

console = Console(highlight=False, markup=False, soft_wrap=True)
app = typer.Typer(help="The append-only audit trail.", no_args_is_help=True)


@app.command("verify")
@command
def verify() -> None:
    """Walk the hash chain and compare it with every checkpoint; name the first entry
    altered, removed or reordered, and any truncation or rewriting after a checkpoint."""
    from audit_trail.checkpoints import check_checkpoints
    from queries.audit_trail import verify_audit_chain
    from service.record_access import opened_record

    with opened_record() as record:
        report = verify_audit_chain(record.store)
        findings = check_checkpoints(record)
    broken = [finding for finding in findings if not finding.holds]
    for finding in broken:
        console.print(
            f"[bold red]Checkpoint {finding.path.name}:[/] {finding.problem}.", markup=True
        )
    if not report.intact:
        console.print(
            f"[bold red]The audit trail is broken at entry {report.first_bad_id}:[/] "
            f"{report.problem}.",
            markup=True,
        )
    if broken or not report.intact:
        raise typer.Exit(int(ExitCode.invalid_output))
    console.print(
        f"The audit trail is intact: {report.entries} entries verified, "
        f"{len(findings)} checkpoints hold."
    )


@app.command("checkpoint")
@command
def checkpoint() -> None:
    """Sign the chain's head now (entries and newest hash) into a small file in the archive."""
    from audit_trail.checkpoints import make_checkpoint
    from service.record_access import cli_actor, opened_record

    with opened_record() as record:
        made = make_checkpoint(record, cli_actor())
        shown = record.layout.relative(made.path)
    console.print(
        f"Checkpoint {shown}: {made.entries} entries up to entry {made.head_id}, "
        f"head {made.head_hash[:16]}…"
    )


@app.command("export")
@command
def export(
    start: Annotated[str, typer.Option("--from", help="First day, YYYY-MM-DD (Vietnam time).")],
    end: Annotated[str, typer.Option("--to", help="Last day, YYYY-MM-DD.")],
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="A .jsonl file; default: stdout.")
    ] = None,
) -> None:
    """Entries of a period as JSON Lines, with their hashes; the export is itself audited."""
    from audit_trail.flow import export_audit
    from service.record_access import cli_actor, open_record

    period = parse_period(start, end)
    store, _ = open_record()
    try:
        if output is None:
            export_audit(store, *period, sys.stdout, cli_actor())
            return
        with output.open("w", encoding="utf-8") as file:
            exported = export_audit(store, *period, file, cli_actor())
    finally:
        store.dispose()
    console.print(f"{exported.entries} entries written to {output} (sha256 {exported.sha256}).")
