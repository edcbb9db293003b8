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
app.command("ocr")(command(ocr))
app.command("run")(command(run))
app.command("search")(command(search))
app.command("rates")(command(rates))
app.add_typer(db_commands.app, name="db")
app.add_typer(dossier_commands.app, name="dossiers")
app.add_typer(document_commands.app, name="documents")
app.add_typer(audit_commands.app, name="audit")
app.add_typer(batch_commands.app, name="batches")
app.add_typer(receipt_commands.app, name="receipts")
app.add_typer(signing_commands.app, name="signing")
app.add_typer(user_commands.app, name="users")
app.add_typer(unit_commands.app, name="units")
app.command(
    "init", help=_("Set the office up: settings, first admin, units and a signing profile.")
)(command(init))
app.command("sign")(command(sign))
app.command("verify")(command(verify))
app.command("worker")(command(worker))
app.command("status")(command(status))
app.command("check")(command(check))
app.command("jobs")(command(jobs))
app.command("login")(command(login))
app.command("logout")(command(logout))
app.command("backup")(command(backup))
app.command("restore")(command(restore))
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
