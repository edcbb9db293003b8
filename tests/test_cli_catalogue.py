"""The command line's Vietnamese catalogue holds every message the code writes in `_()`, each
translated, and compiles; a new message without its Vietnamese fails here (run
`make catalogue`, then write the Vietnamese in the .po file)."""

from __future__ import annotations

from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from service.i18n import catalogue_paths, compile_catalogue

ROOT = Path(__file__).resolve().parents[1]
KEYWORDS = {"_": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2), "N_": None}
"""As `make catalogue` extracts them."""


def written_messages() -> set[tuple[str | None, str]]:
    found = set()
    mapping = [("service/*.py", "python")]
    for _file, _line, message, _comments, context in extract_from_dir(
        ROOT, method_map=mapping, keywords=KEYWORDS
    ):
        singular = message[0] if isinstance(message, tuple) else message
        found.add((context, singular))
    return found


def test_every_message_has_its_vietnamese() -> None:
    source, _compiled = catalogue_paths("vi")
    with source.open("rb") as file:
        catalogue = read_po(file)
    written = written_messages()
    assert len(written) > 300
    missing = sorted(
        message for context, message in written if catalogue.get(message, context) is None
    )
    assert missing == [], "run `make catalogue` and translate these"
    untranslated = sorted(
        message
        for context, message in written
        if not all(_strings(catalogue.get(message, context).string))  # type: ignore[union-attr]
    )
    assert untranslated == [], "write their Vietnamese in the .po file"
    assert compile_catalogue(source)  # Babel compiles it


def _strings(string: str | tuple[str, ...]) -> tuple[str, ...]:
    return string if isinstance(string, tuple) else (string,)
