"""The command line's language: Vietnamese, unless English is asked for.

Messages are written in English in the code, inside `_()`, and translated by the gettext
catalogue `service/locale/vi/LC_MESSAGES/sohoa.po` (Babel extracts and compiles it: see
`make catalogue`). The language is chosen once per process, before the commands are imported,
because Typer reads each command's help when its module is imported:

    --lang vi|en (first, before the command)  >  SOHOA_LANG  >  LC_ALL  >  LC_MESSAGES  >  LANG

A value starting with "en" means English; anything else (or nothing) means Vietnamese.
"""

from __future__ import annotations

import gettext
import io
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Literal

Language = Literal["vi", "en"]
LANGUAGES: tuple[Language, ...] = ("vi", "en")
DOMAIN = "sohoa"
LOCALE_DIR = Path(__file__).with_name("locale")
_ENVIRONMENT = ("SOHOA_LANG", "LC_ALL", "LC_MESSAGES", "LANG")

_translations: gettext.NullTranslations = gettext.NullTranslations()
_language: Language = "en"


def chosen_language(arguments: Sequence[str], environ: Mapping[str, str]) -> Language:
    """The language `sohoa` was asked to speak: `--lang` among the options before the command,
    else the first of the environment variables that is set."""
    asked = _lang_option(arguments)
    if asked not in LANGUAGES:  # missing, or a bad value that the option itself reports
        asked = next((environ[name] for name in _ENVIRONMENT if environ.get(name)), "")
    return "en" if asked.lower().startswith("en") else "vi"


def use_language(language: Language) -> None:
    """Speak `language` from now on: our messages, and Click's and Typer's own ("Usage:",
    "Options"), which they look up through `gettext.gettext` bound when they are imported."""
    global _translations, _language
    _language = language
    _translations = _catalogue(language)
    gettext.gettext = _translations.gettext
    gettext.ngettext = _translations.ngettext


def current_language() -> Language:
    return _language


def _(message: str) -> str:
    return _translations.gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    return _translations.ngettext(singular, plural, count)


def pgettext(context: str, message: str) -> str:
    """`message` as meant in `context`, where one English word has two Vietnamese ones."""
    return _translations.pgettext(context, message)


def catalogue_paths(language: Language) -> tuple[Path, Path]:
    """The catalogue's source (.po) and compiled (.mo) files."""
    folder = LOCALE_DIR / language / "LC_MESSAGES"
    return folder / f"{DOMAIN}.po", folder / f"{DOMAIN}.mo"


def _catalogue(language: Language) -> gettext.NullTranslations:
    if language == "en":
        return gettext.NullTranslations()
    source, compiled = catalogue_paths(language)
    if compiled.exists() and compiled.stat().st_mtime >= source.stat().st_mtime:
        with compiled.open("rb") as file:
            return gettext.GNUTranslations(file)
    return gettext.GNUTranslations(io.BytesIO(compile_catalogue(source)))


def compile_catalogue(source: Path) -> bytes:
    """The .mo bytes of a .po file (used when the compiled file is missing or older)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with source.open("rb") as file:
        catalogue = read_po(file)
    compiled = io.BytesIO()
    write_mo(compiled, catalogue)
    return compiled.getvalue()


def _lang_option(arguments: Sequence[str]) -> str:
    for index, argument in enumerate(arguments):
        if not argument.startswith("-"):
            return ""  # the command: `--lang` belongs before it
        if argument == "--lang":
            return arguments[index + 1] if index + 1 < len(arguments) else ""
        if argument.startswith("--lang="):
            return argument.removeprefix("--lang=")
    return ""
