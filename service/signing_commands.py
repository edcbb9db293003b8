"""`sohoa signing`: the configured profiles, and the pass that adds long-term validation data."""

from __future__ import annotations

import typer
from rich.console import Console
from rich.table import Table

from config import ExitCode
from service.errors import command

console = Console(highlight=False, markup=False, soft_wrap=True)
app = typer.Typer(help="Signing profiles and long-term validation.", no_args_is_help=True)


@app.command("profiles")
@command
def profiles() -> None:
    """The signing profiles in the settings (names and key sources, never secrets)."""
    from config import load_settings

    settings = load_settings()
    table = Table("profile", "key", "timestamp service", "appearance", "approvers")
    for name, profile in sorted(settings.signing.profiles.items()):
        key = (
            f"PKCS#12 {profile.pkcs12}"
            if profile.pkcs12 is not None
            else f"token '{profile.token_label}', key '{profile.key_label}'"
        )
        table.add_row(
            name,
            key,
            profile.timestamp_url or "-",
            profile.appearance.kind if profile.appearance else "invisible",
            ", ".join(profile.approvers) or "-",
        )
    console.print(table)


@app.command("ltv")
@command
def ltv() -> None:
    """Add long-term validation data to signed outputs that lack it (also run by `sohoa run`).

    Certificates and CRLs or OCSP responses fetched now, and a document timestamp when the
    profile names a timestamp service: PAdES B-LT, or B-LTA.
    """
    from service.record_access import opened_record
    from signing_batches.ltv_pass import add_long_term_validation

    with opened_record() as record:
        result = add_long_term_validation(record)
    console.print(f"Validation data added to {len(result.done)} signed outputs.")
    for document_id, reason in result.failed.items():
        console.print(f"  document {document_id}: {reason}")
    if result.failed:
        raise typer.Exit(int(ExitCode.invalid_output))
