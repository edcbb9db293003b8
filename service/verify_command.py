"""`sohoa verify`: check every signature of files, a dossier, a batch or everything."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from config import ExitCode

if TYPE_CHECKING:
    from signing.verify import VerifyReport

console = Console(highlight=False, markup=False, soft_wrap=True)


def verify(
    files: Annotated[list[Path] | None, typer.Argument(help="Signed PDF files.")] = None,
    dossier: Annotated[
        str | None, typer.Option("--dossier", help="Every signed output of a dossier.")
    ] = None,
    batch: Annotated[int | None, typer.Option("--batch", help="Every output of a batch.")] = None,
    everything: Annotated[
        bool, typer.Option("--all", help="Every signed output in the record.")
    ] = False,
    trust: Annotated[
        list[Path] | None,
        typer.Option("--trust", help="A trusted root (PEM/DER); default: the configured roots."),
    ] = None,
    json_out: Annotated[bool, typer.Option("--json", help="One JSON document.")] = False,
) -> None:
    """Verify signatures offline: integrity, trust, changes after signing, timestamps."""
    from config import ConfigError, load_settings
    from signing.configured import configured_trust_roots
    from signing.verify import verify_pdf

    settings = load_settings()
    chosen = [bool(files), dossier is not None, batch is not None, everything]
    if sum(chosen) != 1:
        raise ConfigError("Give files, or one of --dossier CODE, --batch ID, --all.")
    roots = tuple(trust) if trust else configured_trust_roots(settings)
    if not roots:
        raise ConfigError(
            "No trust roots: give --trust ROOT.pem or set signing.trust_roots in the settings."
        )
    paths = list(files) if files else _paths_from_record(dossier, batch)
    reports = [verify_pdf(path, roots) for path in paths]
    if json_out:
        print(json.dumps([report.to_dict() for report in reports], ensure_ascii=False))
    else:
        for report in reports:
            _print_report(report)
        passed = sum(report.all_valid for report in reports)
        console.print(f"{passed} of {len(reports)} files verified.")
    if not all(report.all_valid for report in reports):
        raise typer.Exit(int(ExitCode.verification_failed))


def _paths_from_record(dossier: str | None, batch: int | None) -> list[Path]:
    from service.record_access import open_record
    from signing_batches.signed_outputs import signed_outputs

    store, layout = open_record()
    try:
        return signed_outputs(store, layout, dossier=dossier, batch=batch)
    finally:
        store.dispose()


def _print_report(report: VerifyReport) -> None:
    """A line for the file, then one per signature and document timestamp."""
    from service.time_format import shown

    console.print(f"{report.path}: {'verified' if report.all_valid else 'FAILED'}")
    if not report.signatures:
        console.print("  no signature")
    for check in report.signatures:
        when = check.timestamp.time if check.timestamp is not None else check.signed_at
        verdict = "ok" if check.bottom_line else f"FAIL: {check.problem}"
        console.print(
            f"  {check.field_name}: {check.signer_name}, {shown(when)}, {check.level} - {verdict}"
        )
    for stamp in report.document_timestamps:
        verdict = "ok" if stamp.bottom_line else f"FAIL: {stamp.problem}"
        console.print(
            f"  {stamp.field_name}: document timestamp by {stamp.tsa_name}, "
            f"{shown(stamp.time)} - {verdict}"
        )
