"""The answers `sohoa init` needs: from the options, else asked on a terminal.

On a terminal (standard input is one) every missing value is asked for, secrets without
echo; elsewhere nothing is asked, and a missing value stops the command, naming the option
that gives it.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import typer

from accounts.unit_names import check_unit_code
from config import SohoaError
from office_setup.errors import SetupError
from office_setup.request import (
    DemoSource,
    KeySource,
    Pkcs11Source,
    Pkcs12Source,
    UnitSpec,
)
from service.errors import report
from service.i18n import _
from service.secret_prompt import ask_secret

T = TypeVar("T")


@dataclass(frozen=True)
class KeyOptions:
    demo_keys: bool
    pkcs12: Path | None
    passphrase_env: str | None
    pkcs11_module: Path | None
    token_label: str | None
    key_label: str | None
    pin_env: str | None
    certificate: Path | None
    chain: tuple[Path, ...]
    trust_roots: tuple[Path, ...]


class Answers:
    def __init__(self, interactive: bool | None = None) -> None:
        self.interactive = sys.stdin.isatty() if interactive is None else interactive

    def text(
        self, given: str | None, option: str, question: str, default: str | None = None
    ) -> str:
        if given:
            return given
        if not self.interactive:
            if default is not None:
                return default
            raise _missing(option)
        return str(typer.prompt(question, default=default)).strip()

    def secret(self, variable: str | None, option: str, question: str, confirm: bool) -> str:
        """From the environment variable named, else a hidden prompt; never shown."""
        if variable is not None:
            value = os.environ.get(variable)
            if value is None:
                raise SetupError(
                    f"The environment variable {variable} ({option}) is not set.",
                    code="setup.variable_unset",
                    params={"variable": variable, "option": option},
                )
            return value
        if not self.interactive:
            raise _missing(option)
        return ask_secret(question, confirm=confirm)

    def checked(self, ask: Callable[[], T], check: Callable[[T], object]) -> T:
        """Ask until `check` accepts the answer (on a terminal), else check it once."""
        while True:
            answer = ask()
            try:
                check(answer)
            except SohoaError as error:
                if not self.interactive:
                    raise
                report(error)
                continue
            return answer

    def choice(self, option: str, question: str, choices: Sequence[str]) -> str:
        if not self.interactive:
            raise _missing(option, ", ".join(choices))
        for number, choice in enumerate(choices, start=1):
            typer.echo(f"  {number}. {choice}")
        while True:
            # Read as text: Typer's own check of a number answers in English.
            picked = str(typer.prompt(question)).strip()
            if picked.isdecimal() and 1 <= int(picked) <= len(choices):
                return str(choices[int(picked) - 1])
            typer.echo(_("Type a number from 1 to {count}.").format(count=len(choices)))

    def files(self, question: str) -> tuple[Path, ...]:
        """File names asked one at a time until an empty answer."""
        files: list[Path] = []
        while answer := typer.prompt(question, default="", show_default=False).strip():
            files.append(Path(answer))
        return tuple(files)

    def units(self, given: Sequence[str]) -> tuple[UnitSpec, ...]:
        if given:
            return tuple(_parse_unit(text) for text in given)
        if not self.interactive:
            raise _missing("--unit CODE=NAME")
        typer.echo(
            _(
                "Units: each has a code, the name of its inbox folder (inbox/<code>/intake "
                "and results), and a name people read. Units also appear on their own when "
                "files arrive in a new inbox folder."
            )
        )
        units: list[UnitSpec] = []
        while True:
            code = typer.prompt(
                _("Unit code (empty when done)") if units else _("Unit code, e.g. ubnd-xa-an-binh"),
                default="" if units else None,
                show_default=False,
            ).strip()
            if not code:
                return tuple(units)
            try:
                check_unit_code(code)
            except SohoaError as error:
                report(error)
                continue
            name = typer.prompt(_("Name of unit {code}").format(code=code)).strip()
            units.append(UnitSpec(code, name))


def key_source(answers: Answers, options: KeyOptions) -> KeySource:
    chosen = [options.demo_keys, options.pkcs12 is not None, options.pkcs11_module is not None]
    if sum(chosen) > 1:
        raise SetupError(
            "Choose one key source: --pkcs12 FILE, --pkcs11-module LIB or --demo-keys.",
            code="setup.key_sources_several",
        )
    if not any(chosen):
        sources = [_("a PKCS#12 file from the office's CA"), _("a key on a token or HSM (PKCS#11)")]
        sources.append(_("demo keys, for a trial only (no legal value)"))
        picked = answers.choice(
            "--pkcs12 FILE | --pkcs11-module LIB | --demo-keys", _("Signing key"), sources
        )
        chosen = [picked == sources[2], picked == sources[0], picked == sources[1]]
    if chosen[0]:
        return DemoSource()
    if chosen[1]:
        return _pkcs12(answers, options)
    return _pkcs11(answers, options)


def _pkcs12(answers: Answers, options: KeyOptions) -> Pkcs12Source:
    file = Path(
        answers.text(
            str(options.pkcs12) if options.pkcs12 else None,
            "--pkcs12",
            _("PKCS#12 file (.p12 or .pfx)"),
        )
    )
    passphrase = answers.secret(
        options.passphrase_env, "--passphrase-env", _("Passphrase of the PKCS#12 file"), False
    )
    return Pkcs12Source(
        file=file,
        passphrase=passphrase,
        passphrase_env=options.passphrase_env,
        chain=options.chain,
        trust_roots=options.trust_roots,
    )


def _pkcs11(answers: Answers, options: KeyOptions) -> Pkcs11Source:
    from signing.token_keys import token_keys, token_labels

    given = str(options.pkcs11_module) if options.pkcs11_module else None
    module = Path(answers.text(given, "--pkcs11-module", _("PKCS#11 library of the token or HSM")))
    token = options.token_label or answers.choice(
        "--token-label", _("Token"), _listed(token_labels(module), _("tokens"), module)
    )
    pin = answers.secret(
        options.pin_env, "--pin-env", _("PIN of token {token}").format(token=token), False
    )
    keys = token_keys(module, token, pin)  # logs in: a wrong PIN stops here
    key_label = options.key_label or answers.choice(
        "--key-label", _("Signing key"), _listed([key.label for key in keys], _("keys"), module)
    )
    certificate = options.certificate
    kept = any(key.label == key_label and key.certificate for key in keys)
    if certificate is None and not kept and answers.interactive:
        question = _("Certificate of key {key} (the token keeps none), PEM or DER")
        certificate = Path(typer.prompt(question.format(key=key_label)))
    trust_roots = options.trust_roots
    if not trust_roots and answers.interactive:
        root = typer.prompt(_("Root certificate of the CA (trust root), PEM or DER"))
        trust_roots = (Path(root),)
    chain = options.chain
    if not chain and answers.interactive:
        chain = answers.files(_("Intermediate certificate of the CA, PEM or DER (empty if none)"))
    return Pkcs11Source(
        module=module,
        token_label=token,
        key_label=key_label,
        pin=pin,
        pin_env=options.pin_env,
        certificate=certificate,
        chain=chain,
        trust_roots=trust_roots,
    )


def _listed(found: list[str], what: str, module: Path) -> list[str]:
    if not found:
        raise SetupError(
            f"Module {module} offers no {what}.",
            code="setup.nothing_offered",
            params={"module": str(module), "what": what},
        )
    return found


def _parse_unit(text: str) -> UnitSpec:
    code, separator, name = text.partition("=")
    if not separator or not code.strip() or not name.strip():
        raise SetupError(
            f"'{text}' is not CODE=NAME (e.g. --unit \"ubnd-xa-an-binh=UBND xã An Bình\").",
            code="setup.unit_malformed",
            params={"text": text},
        )
    return UnitSpec(code.strip(), name.strip())


def _missing(option: str, choices: str = "") -> SetupError:
    if choices:
        return SetupError(
            f"Give {option} (one of: {choices}): standard input is not a terminal, so nothing "
            "is asked.",
            code="setup.choice_missing",
            params={"option": option, "choices": choices},
        )
    return SetupError(
        f"Give {option}: standard input is not a terminal, so nothing is asked.",
        code="setup.value_missing",
        params={"option": option},
    )
