"""The `sohoa` command."""

from __future__ import annotations

from typing import Annotated

import typer

from service import (
    audit_commands,
    batch_commands,
    db_commands,
    document_commands,
    dossier_commands,
    receipt_commands,
    receipt_daily_commands,
    signing_commands,
    unit_commands,
    user_commands,
)
from service.backup_commands import backup, restore
from service.check_command import check
from service.doctor_command import doctor
from service.errors import command
from service.health_commands import jobs, status
from service.i18n import Language, _
from service.init_command import init
from service.login_commands import login, logout
from service.ocr_command import ocr
from service.rates_command import rates
from service.run_command import run
from service.search_command import search
from service.sign_command import sign
from service.verify_command import verify
from service.worker_command import worker

app = typer.Typer(
    name="sohoa",
    help=_("Sohoa: scans become signed, searchable PDF/A for one-stop offices."),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.command("ocr", help=_("OCR each input into OUTPUT_DIR/<name>.pdf, a searchable PDF/A."))(
    command(ocr)
)
app.command(
    "run",
    help=_("Watch <data>/inbox/<unit>/{intake,results}/; archive, OCR and tag what arrives."),
)(command(run))
app.command("search", help=_("Find pages by their text, ignoring diacritics and case."))(
    command(search)
)
app.command(
    "rates",
    help=_("Intake, result and full digitization rates with numerators, denominators and points."),
)(command(rates))
app.add_typer(db_commands.app, name="db")
app.add_typer(dossier_commands.app, name="dossiers")
app.add_typer(document_commands.app, name="documents")
app.add_typer(audit_commands.app, name="audit")
app.add_typer(batch_commands.app, name="batches")
app.add_typer(receipt_commands.app, name="receipts")
receipt_daily_commands.register(receipt_commands.app)
app.add_typer(signing_commands.app, name="signing")
app.add_typer(user_commands.app, name="users")
app.add_typer(unit_commands.app, name="units")
app.command(
    "init", help=_("Set the office up: settings, first admin, units and a signing profile.")
)(command(init))
app.command("sign", help=_("Sign PDF files into OUTPUT_DIR; the originals are left as they are."))(
    command(sign)
)
app.command(
    "verify",
    help=_("Verify signatures offline: integrity, trust, changes after signing, timestamps."),
)(command(verify))
app.command(
    "worker",
    help=_(
        'Run jobs sent by `sohoa run` through the broker (queue = "celery"), on any host that '
        "reaches the database, the broker and the shared data directory."
    ),
)(command(worker))
app.command(
    "status",
    help=_("Workers alive, queue depth and the oldest waiting job (also at /metrics)."),
)(command(status))
app.command(
    "check",
    help=_(
        "Hash every archived original and output against the record, verify every signed "
        "file and receipt, the audit chain and its checkpoints, and look for files stuck in "
        "the inbox. Changes nothing."
    ),
)(command(check))
app.command(
    "jobs", help=_("The jobs, newest first: kind, state, document, attempts, worker, error.")
)(command(jobs))
app.command(
    "login",
    help=_(
        "Log in for the commands that act for you; the token is kept in your own folder (0600)."
    ),
)(command(login))
app.command("logout", help=_("Revoke the token `sohoa login` kept for you, and forget it."))(
    command(logout)
)
app.command(
    "backup",
    help=_(
        "A consistent copy of the record (database, archive, outputs, receipts, checkpoints) "
        "with a manifest of hashes, taken while the service runs; originals already in DEST "
        "are not copied again."
    ),
)(command(backup))
app.command(
    "restore",
    help=_(
        "Put a backup snapshot back into the empty data directory (and database) of the "
        "settings, after checking every file's hash; then run `sohoa check`."
    ),
)(command(restore))
app.command(
    "doctor",
    help=_(
        "Check that this machine is ready to run Sohoa: programs, fonts, the data directory, "
        "the database, the broker, the web port and each signing profile. Each problem comes "
        "with its fix; exit 3 if there is any. Changes nothing."
    ),
)(command(doctor))


@app.callback(help=_("Sohoa: scans become signed, searchable PDF/A for one-stop offices."))
def main(
    lang: Annotated[
        Language,
        typer.Option(
            "--lang",
            help=_("Language of the output: vi (the default) or en; before the command."),
        ),
    ] = "vi",
) -> None:
    # `service.main` has already chosen the language (the help needs it before this runs).
    del lang


if __name__ == "__main__":
    app()
