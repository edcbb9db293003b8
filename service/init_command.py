"""`sohoa init`: an office set up on a fresh machine, from the options or by questions."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from service.i18n import _

if TYPE_CHECKING:
    from office_setup.request import SetupRequest, SetupResult
    from service.init_answers import Answers

console = Console(highlight=False, markup=False, soft_wrap=True)

_KEYS = _("Signing key (choose one source)")


def init(
    data_dir: Annotated[
        Path | None,
        typer.Option("--data-dir", help=_("Data directory; default: SOHOA_DATA_DIR, else ./var.")),
    ] = None,
    admin: Annotated[
        str | None, typer.Option("--admin", help=_("Login name of the first admin (admin)."))
    ] = None,
    password_env: Annotated[
        str | None,
        typer.Option(
            "--password-env",
            metavar="VAR",
            help=_("Read the admin's password from this environment variable, not a prompt."),
        ),
    ] = None,
    unit: Annotated[
        list[str] | None,
        typer.Option(
            "--unit",
            metavar="CODE=NAME",
            help=_(
                "A unit: its code (the name of its inbox folder) and the name people read; "
                "repeatable. Units also appear on their own when files arrive in a new inbox "
                "folder."
            ),
        ),
    ] = None,
    office: Annotated[
        str | None,
        typer.Option("--office", help=_("The office's name (on demo certificates).")),
    ] = None,
    profile: Annotated[
        str, typer.Option("--profile", help=_("Name of the signing profile made."))
    ] = "co-quan",
    demo_keys: Annotated[
        bool,
        typer.Option(
            "--demo-keys",
            help=_(
                "Throwaway root and signer for a trial (no legal value), trusted in this "
                "data directory only."
            ),
            rich_help_panel=_KEYS,
        ),
    ] = False,
    pkcs12: Annotated[
        Path | None,
        typer.Option(
            "--pkcs12",
            metavar="FILE",
            help=_("A PKCS#12 file from the office's CA; copied into the data directory."),
            rich_help_panel=_KEYS,
        ),
    ] = None,
    passphrase_env: Annotated[
        str | None,
        typer.Option(
            "--passphrase-env",
            metavar="VAR",
            help=_(
                "The PKCS#12 passphrase is in this environment variable (the service reads it "
                "there too); else it is asked and kept in a secret file."
            ),
            rich_help_panel=_KEYS,
        ),
    ] = None,
    pkcs11_module: Annotated[
        Path | None,
        typer.Option(
            "--pkcs11-module",
            metavar="LIB",
            help=_("PKCS#11 library of a token or HSM; its tokens and keys are offered."),
            rich_help_panel=_KEYS,
        ),
    ] = None,
    token_label: Annotated[
        str | None,
        typer.Option("--token-label", help=_("Label of the token."), rich_help_panel=_KEYS),
    ] = None,
    key_label: Annotated[
        str | None,
        typer.Option(
            "--key-label", help=_("Label of the key on the token."), rich_help_panel=_KEYS
        ),
    ] = None,
    pin_env: Annotated[
        str | None,
        typer.Option(
            "--pin-env",
            metavar="VAR",
            help=_(
                "The token's PIN is in this environment variable (the service reads it there "
                "too); else it is asked and kept in a secret file."
            ),
            rich_help_panel=_KEYS,
        ),
    ] = None,
    certificate: Annotated[
        Path | None,
        typer.Option(
            "--certificate",
            metavar="FILE",
            help=_("The signer's certificate, when the token keeps none beside the key."),
            rich_help_panel=_KEYS,
        ),
    ] = None,
    chain: Annotated[
        list[Path] | None,
        typer.Option(
            "--chain",
            metavar="FILE",
            help=_("An intermediate certificate to embed; repeatable."),
            rich_help_panel=_KEYS,
        ),
    ] = None,
    trust_root: Annotated[
        list[Path] | None,
        typer.Option(
            "--trust-root",
            metavar="FILE",
            help=_(
                "A root certificate signatures chain to; repeatable (PKCS#12: default, the "
                "roots the file carries)."
            ),
            rich_help_panel=_KEYS,
        ),
    ] = None,
    tsa: Annotated[
        str | None,
        typer.Option("--tsa", metavar="URL", help=_("RFC 3161 timestamp service (PAdES B-T).")),
    ] = None,
    force: Annotated[
        bool,
        typer.Option("--force", help=_("Replace an existing sohoa.toml (a copy of it is kept).")),
    ] = False,
) -> None:
    """Set the office up: settings, first admin, units and a signing profile."""
    from config.settings import settings_file_path
    from office_setup.flow import set_up_office
    from office_setup.request import SetupRequest
    from office_setup.settings_file import refuse_overwrite
    from service.init_answers import Answers, KeyOptions, key_source
    from service.record_access import cli_actor

    config_file = settings_file_path()
    refuse_overwrite(config_file, force)  # before any question
    chosen_data_dir = data_dir or Path(os.environ.get("SOHOA_DATA_DIR") or "var")
    _refuse_overridden_data_dir(chosen_data_dir)
    answers = Answers()
    admin_name = answers.text(admin, "--admin", _("Login name of the first admin"), "admin")
    password = _admin_password(answers, password_env, admin_name)
    units = answers.units(unit or ())
    options = KeyOptions(
        demo_keys, pkcs12, passphrase_env, pkcs11_module, token_label, key_label, pin_env,
        certificate, tuple(chain or ()), tuple(trust_root or ()),
    )  # fmt: skip
    key = key_source(answers, options)
    office_name = office or (units[0].name if units else "")
    request = SetupRequest(
        config_file=config_file,
        data_dir=chosen_data_dir,
        admin=admin_name,
        admin_password=password,
        units=units,
        key=key,
        profile=profile,
        office=office_name,
        timestamp_url=tsa,
        force=force,
    )
    result = set_up_office(request, cli_actor())
    _say_done(result, request)


def _refuse_overridden_data_dir(chosen: Path) -> None:
    """SOHOA_DATA_DIR outranks the data directory the settings file names: set to another
    folder, the record would be made there, not where the file says."""
    from config import ConfigError

    named = os.environ.get("SOHOA_DATA_DIR")
    if named and Path(named).absolute() != chosen.absolute():
        raise ConfigError(
            f"SOHOA_DATA_DIR is {named}, which outranks --data-dir {chosen}: unset it, or give "
            "the same folder to both",
            code="setup.data_dir_overridden",
            params={"variable": named, "data_dir": str(chosen)},
        )


def _admin_password(answers: Answers, variable: str | None, admin: str) -> str:
    from accounts.users import check_new_password

    question = _("Password of {admin}").format(admin=admin)
    return answers.checked(
        lambda: answers.secret(variable, "--password-env", question, True), check_new_password
    )


def _say_database(data_dir: Path) -> None:
    from store.database import shown_url

    named = os.environ.get("SOHOA_DATABASE_URL")
    if named:
        said = _(
            "Database: {database}, from SOHOA_DATABASE_URL: set it for `sohoa run` and every "
            "later command too, or they would open a new SQLite database."
        )
        console.print(said.format(database=shown_url(named)))
    else:
        console.print(_("Database: SQLite, {file}").format(file=data_dir / "sohoa.db"))


def _say_done(result: SetupResult, request: SetupRequest) -> None:
    from office_setup.request import DemoSource
    from signing.demo_keys import DEMO_NOTICE

    console.print(_("Settings written to {file}.").format(file=result.config_file))
    if result.backup is not None:
        console.print(_("The settings it replaced are kept in {file}.").format(file=result.backup))
    console.print(_("Data directory: {folder}").format(folder=result.data_dir))
    _say_database(result.data_dir)
    said = _("First admin {name} added.") if result.admin_added else _("Admin {name} kept.")
    console.print(said.format(name=request.admin.lower()))
    for unit in request.units:
        console.print(_("Unit {code}: {name}").format(code=unit.code, name=unit.name))
    console.print(
        _("Signing profile {profile}: signed by “{signer}”; intake scans and results.").format(
            profile=result.profile, signer=result.signer_name
        )
    )
    for root in result.trust_roots:
        console.print(_("  trust root: {file}").format(file=root))
    if isinstance(request.key, DemoSource):
        console.print(
            _("{notice}: these keys are for a trial; set a real key up before real work.").format(
                notice=DEMO_NOTICE
            )
        )
    inbox = result.data_dir / "inbox" / request.units[0].code / "intake"
    console.print(_("Next:"))
    console.print(
        _("  1. Start the service: .venv/bin/sohoa run (web interface: http://127.0.0.1:8750).")
    )
    console.print(
        _("  2. Drop a scan into {folder}/ and find it in the web interface.").format(folder=inbox)
    )
    console.print(
        _(
            "  3. Log in as {admin}, add the clerks (Người dùng, or sohoa users add), and "
            "approve the first signing batch (Lô chờ duyệt)."
        ).format(admin=request.admin.lower())
    )
