"""`sohoa verify`: check every signature of files, a dossier, a batch or everything."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from config import ExitCode
from service.i18n import _

if TYPE_CHECKING:
    from service.verify_receipts import ReceiptXmlReport
    from signing.verify import VerifyReport

console = Console(highlight=False, markup=False, soft_wrap=True)


def verify(
    files: Annotated[list[Path] | None, typer.Argument(help=_("Signed PDF files."))] = None,
    dossier: Annotated[
        str | None, typer.Option("--dossier", help=_("Every signed output of a dossier."))
    ] = None,
    batch: Annotated[
        int | None, typer.Option("--batch", help=_("Every output of a batch."))
    ] = None,
    everything: Annotated[
        bool,
        typer.Option(
            "--all", help=_("Every signed output and receipt (PDF and XML) in the record.")
        ),
    ] = False,
    trust: Annotated[
        list[Path] | None,
        typer.Option("--trust", help=_("A trusted root (PEM/DER); default: the configured roots.")),
    ] = None,
    json_out: Annotated[bool, typer.Option("--json", help=_("One JSON document."))] = False,
) -> None:
    from config import ConfigError, load_settings
    from signing.configured import configured_trust_roots
    from signing.verify import verify_pdf

    settings = load_settings()
    chosen = [bool(files), dossier is not None, batch is not None, everything]
    if sum(chosen) != 1:
        raise ConfigError(
            "Give files, or one of --dossier CODE, --batch ID, --all.", code="cli.verify_choice"
        )
    roots = tuple(trust) if trust else configured_trust_roots(settings)
    if not roots:
        raise ConfigError(
            "No trust roots: give --trust ROOT.pem or set signing.trust_roots in the settings.",
            code="cli.no_trust_roots",
        )
    paths = list(files) if files else _paths_from_record(dossier, batch)
    messages: list[ReceiptXmlReport] = []
    if everything:
        receipt_pdfs, messages = _receipts_from_record(roots)
        paths += receipt_pdfs
    reports = [verify_pdf(path, roots) for path in paths]
    if not files and not trust:
        _keep_verdicts([(report.path, report.all_valid) for report in reports])
    if json_out:
        shown = [report.to_dict() for report in reports] + [m.to_dict() for m in messages]
        print(json.dumps(shown, ensure_ascii=False))
    else:
        for report in reports:
            _print_report(report)
        for message in messages:
            _print_message(message)
        verdicts = [report.all_valid for report in reports] + [m.valid for m in messages]
        console.print(
            _("{passed} of {count} files verified.").format(
                passed=sum(verdicts), count=len(verdicts)
            )
        )
    if not all(report.all_valid for report in reports) or not all(m.valid for m in messages):
        raise typer.Exit(int(ExitCode.verification_failed))


def _paths_from_record(dossier: str | None, batch: int | None) -> list[Path]:
    from service.record_access import open_record
    from signing_batches.signed_outputs import signed_outputs

    store, layout = open_record()
    try:
        return signed_outputs(store, layout, dossier=dossier, batch=batch)
    finally:
        store.dispose()


def _receipts_from_record(roots: tuple[Path, ...]) -> tuple[list[Path], list[ReceiptXmlReport]]:
    from service.record_access import open_record
    from service.verify_receipts import receipt_files_to_verify

    store, layout = open_record()
    try:
        return receipt_files_to_verify(store, layout, roots)
    finally:
        store.dispose()


def _keep_verdicts(verified: list[tuple[Path, bool]]) -> None:
    """What the record's outputs showed against the configured roots, kept for the rates
    (a document counts as signed only once its signature verified)."""
    from service.record_access import open_record
    from signing_batches.signed_outputs import keep_verdicts

    store, layout = open_record()
    try:
        keep_verdicts(store, layout, verified)
    finally:
        store.dispose()


def _print_message(message: ReceiptXmlReport) -> None:
    """A receipt's XML data message: its signature and record hash."""
    if message.valid:
        verdict = (
            _("XML signature ok") if message.detail is None else _("unsigned version 1 record")
        )
    else:
        verdict = _("XML signature FAILED: {problem}").format(problem=message.detail)
    console.print(f"{message.path} ({message.receipt}): {verdict}")


def _print_report(report: VerifyReport) -> None:
    """A line for the file, then one per signature and document timestamp."""
    from service.formats import vn_time

    verdict = _("verified") if report.all_valid else _("FAILED")
    console.print(f"{report.path}: {verdict}")
    if not report.signatures:
        console.print("  " + _("no signature"))
    for check in report.signatures:
        when = check.timestamp.time if check.timestamp is not None else check.signed_at
        verdict = (
            _("ok") if check.bottom_line else _("FAIL: {problem}").format(problem=check.problem)
        )
        console.print(
            f"  {check.field_name}: {check.signer_name}, {vn_time(when) or '-'}, {check.level}"
            f" - {verdict}"
        )
    for stamp in report.document_timestamps:
        verdict = (
            _("ok") if stamp.bottom_line else _("FAIL: {problem}").format(problem=stamp.problem)
        )
        said = _("document timestamp by {tsa}").format(tsa=stamp.tsa_name)
        console.print(f"  {stamp.field_name}: {said}, {vn_time(stamp.time) or '-'} - {verdict}")
