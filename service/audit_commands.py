"""`sohoa audit`: the audit trail."""

from __future__ import annotations

import typer
from rich.console import Console

from config.errors import ExitCode
from service.errors import command

console = Console(highlight=False, markup=False)
app = typer.Typer(help="The append-only audit trail.", no_args_is_help=True)


@app.command("verify")
@command
def verify() -> None:
    """Walk the hash chain; name the first entry altered, removed or reordered."""
    from service.record_access import open_record
    from store.audit import verify_chain

    store, _ = open_record()
    try:
        with store.reading() as session:
            report = verify_chain(session)
    finally:
        store.dispose()
    if report.intact:
        console.print(f"The audit trail is intact: {report.entries} entries verified.")
        return
    console.print(
        f"[bold red]The audit trail is broken at entry {report.first_bad_id}:[/] {report.problem}.",
        markup=True,
    )
    raise typer.Exit(int(ExitCode.invalid_output))
