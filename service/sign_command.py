"""`sohoa sign`: sign files once, outside any batch (a profile, or a PKCS#12 file)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

import typer
from rich.console import Console

from config import ExitCode
from service.i18n import _

if TYPE_CHECKING:
    from signing.profiles import SigningProfile

console = Console(highlight=False, markup=False, soft_wrap=True)


def sign(
    files: Annotated[list[Path], typer.Argument(help=_("PDF files to sign."), exists=True)],
    output_dir: Annotated[
        Path, typer.Option("-o", "--output-dir", help=_("Folder for the signed copies."))
    ],
    profile: Annotated[
        str | None, typer.Option("--profile", help=_("A signing profile from the settings."))
    ] = None,
    pkcs12: Annotated[
        Path | None, typer.Option("--pkcs12", help=_("A PKCS#12 file, instead of a profile."))
    ] = None,
    passphrase_env: Annotated[
        str | None,
        typer.Option("--passphrase-env", help=_("Environment variable holding its passphrase.")),
    ] = None,
    appearance: Annotated[
        Literal["personal", "agency"] | None,
        typer.Option("--appearance", help=_("Visible stamp: personal (top-left) or agency.")),
    ] = None,
    tsa: Annotated[
        str | None, typer.Option("--tsa", help=_("RFC 3161 timestamp service (PAdES B-T)."))
    ] = None,
) -> None:
    from service.errors import report
    from signing.errors import SigningError
    from signing.keys import load_signer
    from signing.sign import sign_pdf

    chosen = _profile(profile, pkcs12, passphrase_env, appearance, tsa)
    load_signer(chosen)  # a key that cannot be opened stops everything, with its own exit code
    failed = 0
    for file in files:
        target = output_dir / file.name
        try:
            if target.exists():
                raise SigningError(
                    f"{target} exists already; choose another output folder.",
                    code="cli.sign_target_exists",
                    params={"target": target},
                )
            result = sign_pdf(file, target, chosen, field_name=_field_name())
        except SigningError as error:
            report(error)
            failed += 1
            continue
        console.print(
            _("{file} signed by {signer} into {target}").format(
                file=file, signer=result.signer_name, target=target
            )
        )
    if failed:
        raise typer.Exit(int(ExitCode.invalid_output))


def _profile(
    name: str | None,
    pkcs12: Path | None,
    passphrase_env: str | None,
    appearance: str | None,
    tsa: str | None,
) -> SigningProfile:
    from dataclasses import replace

    from config import ConfigError, load_settings
    from signing.appearance import Appearance, AppearanceKind
    from signing.configured import configured_profile
    from signing.profiles import Pkcs12Key, SigningProfile

    if (name is None) == (pkcs12 is None):
        raise ConfigError(
            "Give either --profile NAME or --pkcs12 FILE (one of them).",
            code="cli.sign_key_choice",
        )
    if name is not None:
        chosen = configured_profile(load_settings(), name)
    else:
        assert pkcs12 is not None
        key = Pkcs12Key(path=pkcs12, passphrase_env=passphrase_env)
        chosen = SigningProfile(name=pkcs12.name, key=key)
    if appearance is not None:
        kind = AppearanceKind(appearance)
        shown = chosen.appearance
        chosen = replace(
            chosen,
            appearance=replace(shown, kind=kind) if shown else Appearance(kind=kind),
        )
    if tsa is not None:
        chosen = replace(chosen, timestamp_url=tsa)
    return chosen


def _field_name() -> str:
    import uuid

    # Unique, so that a file signed before (by Sohoa or anyone) can be signed again.
    return f"Sohoa-{uuid.uuid4().hex[:12]}"
