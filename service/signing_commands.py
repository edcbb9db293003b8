"""`sohoa signing`: the configured profiles, and the pass that adds long-term validation data."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console

from config import ExitCode
from service.cli_table import key, print_json, table
from service.errors import command
from service.i18n import _

console = Console(highlight=False, markup=False, soft_wrap=True)
app = typer.Typer(help=_("Signing profiles and long-term validation."), no_args_is_help=True)


@app.command(
    "profiles",
    help=_("The signing profiles in the settings (names and key sources, never secrets)."),
)
@command
def profiles(
    json_out: Annotated[bool, typer.Option("--json", help=_("The result as JSON."))] = False,
) -> None:
    from config import load_settings

    settings = load_settings()
    found = sorted(settings.signing.profiles.items())
    if json_out:
        print_json([
            {"profile": name, "pkcs12": str(profile.pkcs12) if profile.pkcs12 else None,
             "token_label": profile.token_label, "key_label": profile.key_label,
             "timestamp_url": profile.timestamp_url,
             "appearance": profile.appearance.kind if profile.appearance else None,
             "approvers": list(profile.approvers)}
            for name, profile in found
        ])  # fmt: skip
        return
    rows = []
    for name, profile in found:
        source = (
            f"PKCS#12 {profile.pkcs12}"
            if profile.pkcs12 is not None
            else _("token '{token}', key '{key}'").format(
                token=profile.token_label, key=profile.key_label
            )
        )
        rows.append((name, source, profile.timestamp_url or "-",
                     _appearance(profile.appearance.kind if profile.appearance else None),
                     ", ".join(profile.approvers) or "-"))  # fmt: skip
    headings = (key(_("profile")), _("key"), _("timestamp service"), _("appearance"),
                _("approvers"))  # fmt: skip
    console.print(table(headings, rows))


def _appearance(kind: str | None) -> str:
    words = {"personal": _("personal"), "agency": _("agency"), None: _("invisible")}
    return words.get(kind, str(kind))


@app.command(
    "ltv",
    help=_(
        "Add long-term validation data to signed outputs that lack it (also run by `sohoa "
        "run`): certificates and CRLs or OCSP responses fetched now, and a document "
        "timestamp when the profile names a timestamp service: PAdES B-LT, or B-LTA."
    ),
)
@command
def ltv() -> None:
    from service.record_access import opened_record
    from signing_batches.ltv_pass import add_long_term_validation

    with opened_record() as record:
        result = add_long_term_validation(record)
    console.print(
        _("Validation data added to {count} signed outputs.").format(count=len(result.done))
    )
    for document_id, reason in result.failed.items():
        console.print(
            "  " + _("document {document}: {problem}").format(document=document_id, problem=reason)
        )
    if result.failed:
        raise typer.Exit(int(ExitCode.invalid_output))
