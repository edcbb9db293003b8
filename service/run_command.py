"""`sohoa run`: the embedded service on the data directory."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console

from config import SohoaError, load_settings
from digitizer import DigitizeOptions, DigitizeResult
from service.errors import report
from service.inbox import InboxLayout, watch

console = Console(highlight=False)


def run(
    once: Annotated[
        bool, typer.Option(help="Digitize what is in the inbox now, then stop.")
    ] = False,
    poll_seconds: Annotated[float, typer.Option(help="Seconds between looks at the inbox.")] = 2.0,
) -> None:
    """Watch <data>/inbox and write searchable PDF/A files to <data>/outbox."""
    settings = load_settings()
    layout = InboxLayout.under(settings.data_dir)
    layout.create()
    console.print(f"Sohoa is watching {layout.inbox} (outputs in {layout.outbox}); Ctrl+C stops.")
    watch(
        layout,
        DigitizeOptions.from_settings(settings),
        print_outcome,
        poll_seconds=poll_seconds,
        once=once,
    )


def print_outcome(outcome: DigitizeResult | SohoaError) -> None:
    if isinstance(outcome, SohoaError):
        report(outcome)
        return
    notes = f" ({'; '.join(outcome.notes)})" if outcome.notes else ""
    console.print(
        f"{outcome.input_path.name} -> {outcome.output_path} "
        f"[{outcome.output_kind}, {len(outcome.pages)} pages, {outcome.seconds:.1f} s]{notes}"
    )
