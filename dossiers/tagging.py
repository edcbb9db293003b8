"""Which dossier a scanned document belongs to, and where separator sheets split a stack.

Precedence, strongest first: the folder the clerk dropped it in, when that folder is named
exactly as a dossier code; a dossier code at the start of the file name; the first dossier
code in any barcode or QR payload; a dossier code in the OCR text; otherwise no tag, and a
clerk tags the document by hand.

OCR text is the weakest witness: a result document may cite earlier dossiers, so when the
text holds codes of several different dossiers (a "-KQ<n>" suffix does not make another
dossier) it gives no tag at all rather than a guess.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from dossiers.codes import (
    DossierCode,
    code_at_start,
    find_dossier_codes,
    parse_dossier_code,
    unify_dashes,
)
from dossiers.errors import InvalidDossierCodeError

# A separator sheet holds a barcode with the dossier code, the code in clear and perhaps a
# short label ("PHIẾU TÁCH HỒ SƠ", "Mã hồ sơ:"); a paper page that merely carries a QR code
# (an intake receipt, a result) has far more text. OCR noise from the barcode itself also
# lands here, so the allowance is generous for a label and tight for a page of prose.
SEPARATOR_MAX_OTHER_CHARACTERS = 60


class TagSource(StrEnum):
    folder = "folder"
    file_name = "file_name"
    barcode = "barcode"
    text = "text"
    clerk = "clerk"


@dataclass(frozen=True)
class Tag:
    code: DossierCode
    source: TagSource


@dataclass(frozen=True)
class StackPart:
    code: DossierCode | None  # None: pages before the first separator, or no separator at all
    pages: tuple[int, ...]  # 1-based page numbers, separator pages left out


def choose_tag(
    *,
    folder_name: str | None,
    file_name: str,
    barcode_texts: Sequence[str],
    page_texts: Sequence[str],
) -> Tag | None:
    """The tag of a document by the precedence above; `file_name` is the name only."""
    if folder_name is not None:
        folder_code = _exact_code(folder_name)
        if folder_code is not None:
            return Tag(folder_code, TagSource.folder)
    named = code_at_start(file_name)
    if named is not None:
        return Tag(named, TagSource.file_name)
    printed = _first_code(barcode_texts)
    if printed is not None:
        return Tag(printed, TagSource.barcode)
    read = _only_dossier_in(page_texts)
    if read is not None:
        return Tag(read, TagSource.text)
    return None


def separator_code(barcode_texts: Sequence[str], page_text: str) -> DossierCode | None:
    """The dossier code of a separator page, or None when the page is not a separator."""
    code = _first_code(barcode_texts)
    if code is None:
        return None
    other = unify_dashes(page_text).upper()
    for form in (str(code), str(code.dossier)):
        other = other.replace(form, "")
    if sum(not char.isspace() for char in other) > SEPARATOR_MAX_OTHER_CHARACTERS:
        return None
    return code


def split_stack(pages: Sequence[tuple[Sequence[str], str]]) -> list[StackPart]:
    """A stack of pages, each (barcode payloads, OCR text), cut at its separator pages."""
    parts: list[StackPart] = []
    code: DossierCode | None = None
    current: list[int] = []
    for number, (barcode_texts, page_text) in enumerate(pages, start=1):
        separator = separator_code(barcode_texts, page_text)
        if separator is None:
            current.append(number)
            continue
        if current:
            parts.append(StackPart(code, tuple(current)))
        code, current = separator, []
    if current:
        parts.append(StackPart(code, tuple(current)))
    return parts


def _exact_code(name: str) -> DossierCode | None:
    try:
        return parse_dossier_code(name)
    except InvalidDossierCodeError:
        return None


def _first_code(texts: Iterable[str]) -> DossierCode | None:
    for text in texts:
        codes = find_dossier_codes(text)
        if codes:
            return codes[0]
    return None


def _only_dossier_in(texts: Iterable[str]) -> DossierCode | None:
    codes = [code for text in texts for code in find_dossier_codes(text)]
    if len({code.dossier for code in codes}) != 1:
        return None
    return codes[0]
