"""Dossier codes of every generation, and procedure (TTHC) codes.

A dossier code is ``AGENCY-YYMMDD-SEQUENCE``, optionally followed by a result suffix
``-KQ<n>`` or ``-KQ(n)`` naming the n-th result (n from 1), always written back as
``-KQ<n>``. The agency part is at most 35 characters of ``0-9``, ``A-Z`` and ``.`` in
non-empty groups between dots, and stays an opaque string: provinces were renumbered in
2025. YYMMDD is the receiving date in the 2000s and must be a real date. The agency part
and the sequence decide the generation:

- legacy (Circular 01/2018 Art. 19), ``V1V2V3.Z1Z2.Y1Y2.MX1X2-YYMMDD-XXXX``: three, two and
  two digits, then a letter A–Y and two digits (``000.00.19.H12``); the daily sequence is
  exactly four digits.
- national service (Circular 04/2025), ``MX1X2.Y1Y2Y3.Z1Z2-YYMMDD-AAXXXX``: a letter A–Y and
  two digits, three digits, two digits (``G22.001.05``); the sequence AAXXXX is taken as two
  digits AA and a counter of four or more digits, so six or more digits in all.
- agency ID (Decision 20/2020, 09/2025), read left to right: a letter A–Y and two digits,
  then any groups (``H57.132``, ``H15.50.05.13``); the sequence is four or more digits. An
  agency part shaped like a national service's with a four- or five-digit sequence is an
  agency-ID code: nothing else tells the two apart.

Input is read tolerantly (surrounding whitespace, lower case, Unicode dashes from OCR);
output is canonical.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum

from dossiers.errors import InvalidDossierCodeError, InvalidProcedureCodeError

MAX_AGENCY_LENGTH = 35
MIN_SEQUENCE_DIGITS = 4
LEGACY_SEQUENCE_DIGITS = 4
MIN_NATIONAL_SERVICE_SEQUENCE_DIGITS = 6

# OCR and word processors turn "-" into any of these.
_DASHES = str.maketrans(dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212", "-"))

_AGENCY_CHARACTERS = frozenset("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ.")
_LEGACY_AGENCY = re.compile(r"[0-9]{3}\.[0-9]{2}\.[0-9]{2}\.[A-Y][0-9]{2}")
_NATIONAL_SERVICE_AGENCY = re.compile(r"[A-Y][0-9]{2}\.[0-9]{3}\.[0-9]{2}")
_FIRST_AGENCY_GROUP = re.compile(r"[A-Y][0-9]{2}")
_RESULT_SUFFIX = re.compile(r"-KQ(?:([0-9]+)|\(([0-9]+)\))$")

# A candidate has the outline of a code; parse_dossier_code decides whether it is one.
_CANDIDATE = r"[0-9A-Z]+(?:\.[0-9A-Z]+)*-[0-9]{6}-[0-9]+(?:-KQ(?:[1-9][0-9]*|\([1-9][0-9]*\)))?"
# In text a code is not glued to a letter or digit on either side, nor preceded by a dot
# (it would be the tail of a longer agency part); "_" separates, as in file names, and a
# full stop may end it.
_CANDIDATE_IN_TEXT = re.compile(rf"(?<![^\W_])(?<!\.){_CANDIDATE}(?![^\W_])", re.IGNORECASE)
_CANDIDATE_AT_START = re.compile(rf"{_CANDIDATE}(?=$|[_ .-])", re.IGNORECASE)


class CodeGeneration(StrEnum):
    legacy = "legacy"
    agency_id = "agency_id"
    national_service = "national_service"


@dataclass(frozen=True)
class DossierCode:
    """A parsed dossier code; str() gives its canonical text."""

    agency: str
    received: date
    sequence: str
    generation: CodeGeneration
    result_number: int | None = None

    def __str__(self) -> str:
        text = f"{self.agency}-{self.received:%y%m%d}-{self.sequence}"
        if self.result_number is None:
            return text
        return f"{text}-KQ{self.result_number}"

    @property
    def dossier(self) -> DossierCode:
        """The code of the dossier itself, without a result suffix."""
        return replace(self, result_number=None)


def unify_dashes(text: str) -> str:
    """`text` with the Unicode dashes that OCR and word processors produce turned into "-"."""
    return text.translate(_DASHES)


def parse_dossier_code(text: str) -> DossierCode:
    """The dossier code that `text` is, or InvalidDossierCodeError saying what is wrong."""
    code = unify_dashes(text.strip().upper())
    if not code:
        raise InvalidDossierCodeError(text, "it is empty", code="dossier_code.empty")
    dossier, result_number = _split_result_suffix(text, code)
    parts = dossier.split("-")
    if len(parts) != 3:
        raise _wrong_part_count(text, parts)
    agency, date_part, sequence = parts
    shape = _agency_shape(text, agency)
    received = _received_date(text, date_part)
    _check_sequence(text, sequence, shape)
    return DossierCode(
        agency=agency,
        received=received,
        sequence=sequence,
        generation=_generation(shape, agency, sequence),
        result_number=result_number,
    )


def find_dossier_codes(text: str) -> list[DossierCode]:
    """Every valid dossier code inside `text`, in order of first appearance, once each.

    `text` may be a QR or barcode payload (a URL, JSON, plain text) or OCR'd page text.
    """
    found: dict[DossierCode, None] = {}
    for candidate in _CANDIDATE_IN_TEXT.finditer(unify_dashes(text)):
        try:
            found.setdefault(parse_dossier_code(candidate.group()))
        except InvalidDossierCodeError:
            continue
    return list(found)


def code_at_start(name: str) -> DossierCode | None:
    """The dossier code a file name (without directories) starts with, if any.

    The code must be followed by the end of the name, "_", " ", "-" or ".", as in
    ``H57.132-260804-0583_don.pdf`` or ``H57.132-260804-0583-KQ1.pdf``.
    """
    candidate = _CANDIDATE_AT_START.match(unify_dashes(name))
    if candidate is None:
        return None
    try:
        return parse_dossier_code(candidate.group())
    except InvalidDossierCodeError:
        return None


def _split_result_suffix(text: str, code: str) -> tuple[str, int | None]:
    suffix = _RESULT_SUFFIX.search(code)
    if suffix is None:
        if "-KQ" in code:
            raise InvalidDossierCodeError(
                text,
                "the result suffix must be -KQ<n> or -KQ(n) with n a number",
                code="dossier_code.result_suffix",
            )
        return code, None
    number = int(suffix.group(1) or suffix.group(2))
    if number < 1:
        raise InvalidDossierCodeError(
            text,
            f"the result number {number} must be 1 or more",
            code="dossier_code.result_number",
            params={"number": number},
        )
    return code[: suffix.start()], number


def _wrong_part_count(text: str, parts: list[str]) -> InvalidDossierCodeError:
    expected = "expected AGENCY-YYMMDD-SEQUENCE"
    if len(parts) == 1:
        return InvalidDossierCodeError(
            text,
            f"the date and the sequence are missing ({expected})",
            code="dossier_code.date_missing",
        )
    if len(parts) == 2:
        return InvalidDossierCodeError(
            text, f"the sequence is missing ({expected})", code="dossier_code.sequence_missing"
        )
    return InvalidDossierCodeError(
        text,
        f"it has {len(parts)} parts between dashes ({expected})",
        code="dossier_code.part_count",
        params={"count": len(parts)},
    )


def _agency_shape(text: str, agency: str) -> CodeGeneration:
    """Legacy or agency ID, from the agency part alone; the sequence may make it national."""
    if not agency:
        raise InvalidDossierCodeError(
            text, "the agency part is empty", code="dossier_code.agency_empty"
        )
    if len(agency) > MAX_AGENCY_LENGTH:
        raise InvalidDossierCodeError(
            text,
            f"the agency part {agency!r} is {len(agency)} characters long, "
            f"at most {MAX_AGENCY_LENGTH} are allowed",
            code="dossier_code.agency_too_long",
            params={"agency": agency, "length": len(agency), "max_length": MAX_AGENCY_LENGTH},
        )
    stray = next((char for char in agency if char not in _AGENCY_CHARACTERS), None)
    if stray is not None:
        raise InvalidDossierCodeError(
            text,
            f"the agency part {agency!r} contains {stray!r}; only 0-9, A-Z and '.' are allowed",
            code="dossier_code.agency_character",
            params={"agency": agency, "character": stray},
        )
    groups = agency.split(".")
    if "" in groups:
        raise InvalidDossierCodeError(
            text,
            f"the agency part {agency!r} has an empty group",
            code="dossier_code.agency_group_empty",
            params={"agency": agency},
        )
    if _LEGACY_AGENCY.fullmatch(agency):
        return CodeGeneration.legacy
    if not _FIRST_AGENCY_GROUP.fullmatch(groups[0]):
        raise InvalidDossierCodeError(
            text,
            f"the agency part {agency!r} must start with a letter A-Y and two digits "
            "(like H57.132) or be a legacy agency code (like 000.00.19.H12)",
            code="dossier_code.agency_shape",
            params={"agency": agency},
        )
    return CodeGeneration.agency_id


def _received_date(text: str, date_part: str) -> date:
    if not re.fullmatch(r"[0-9]{6}", date_part):
        raise InvalidDossierCodeError(
            text,
            f"the date part {date_part!r} must be six digits YYMMDD",
            code="dossier_code.date_digits",
            params={"date": date_part},
        )
    year, month, day = int(date_part[:2]), int(date_part[2:4]), int(date_part[4:])
    try:
        return date(2000 + year, month, day)
    except ValueError:
        raise InvalidDossierCodeError(
            text,
            f"the date part {date_part!r} is not a real date (YYMMDD)",
            code="dossier_code.date_unreal",
            params={"date": date_part},
        ) from None


def _check_sequence(text: str, sequence: str, shape: CodeGeneration) -> None:
    if not sequence:
        raise InvalidDossierCodeError(
            text, "the sequence after the date is empty", code="dossier_code.sequence_empty"
        )
    if not re.fullmatch(r"[0-9]+", sequence):
        raise InvalidDossierCodeError(
            text,
            f"the sequence {sequence!r} must be digits only",
            code="dossier_code.sequence_digits",
            params={"sequence": sequence},
        )
    if len(sequence) < MIN_SEQUENCE_DIGITS:
        raise InvalidDossierCodeError(
            text,
            f"the sequence {sequence!r} is too short: it needs at least "
            f"{MIN_SEQUENCE_DIGITS} digits",
            code="dossier_code.sequence_short",
            params={"sequence": sequence, "min_digits": MIN_SEQUENCE_DIGITS},
        )
    if shape is CodeGeneration.legacy and len(sequence) != LEGACY_SEQUENCE_DIGITS:
        raise InvalidDossierCodeError(
            text,
            f"the sequence {sequence!r} of a legacy code must be exactly "
            f"{LEGACY_SEQUENCE_DIGITS} digits",
            code="dossier_code.legacy_sequence",
            params={"sequence": sequence, "digits": LEGACY_SEQUENCE_DIGITS},
        )


def _generation(shape: CodeGeneration, agency: str, sequence: str) -> CodeGeneration:
    if (
        shape is CodeGeneration.agency_id
        and _NATIONAL_SERVICE_AGENCY.fullmatch(agency)
        and len(sequence) >= MIN_NATIONAL_SERVICE_SEQUENCE_DIGITS
    ):
        return CodeGeneration.national_service
    return shape


@dataclass(frozen=True)
class ProcedureCode:
    """A procedure (TTHC) code.

    National ``1.001612`` (a digit, a dot, six digits); local ``1.011442.000.00.00.H38``
    (the national code and the legacy-style code of the agency that localised it); online
    variant ``2.000815.000.00.00.H55.02`` (a local code and a two-digit suffix).
    """

    national: str
    agency: str | None = None
    variant: str | None = None

    def __str__(self) -> str:
        parts = (self.national, self.agency, self.variant)
        return ".".join(part for part in parts if part is not None)


_NATIONAL_PROCEDURE = re.compile(r"[1-9]\.[0-9]{6}")
_LOCAL_AGENCY_GROUPS = 4


def parse_procedure_code(text: str) -> ProcedureCode:
    """The procedure code that `text` is, or InvalidProcedureCodeError saying what is wrong."""
    code = text.strip().upper()
    if not code:
        raise InvalidProcedureCodeError(text, "it is empty", code="procedure_code.empty")
    groups = code.split(".")
    national = ".".join(groups[:2])
    if not _NATIONAL_PROCEDURE.fullmatch(national):
        raise InvalidProcedureCodeError(
            text,
            f"it must start with a digit, a dot and six digits (like 1.001612), not {national!r}",
            code="procedure_code.national_shape",
            params={"national": national},
        )
    rest = groups[2:]
    if not rest:
        return ProcedureCode(national)
    if len(rest) not in (_LOCAL_AGENCY_GROUPS, _LOCAL_AGENCY_GROUPS + 1):
        raise InvalidProcedureCodeError(
            text,
            f"{national} is followed by {len(rest)} groups; a local code adds an agency code "
            "of four groups (like .000.00.00.H38) and an online variant two more digits (.02)",
            code="procedure_code.group_count",
            params={"national": national, "count": len(rest)},
        )
    agency = ".".join(rest[:_LOCAL_AGENCY_GROUPS])
    if not _LEGACY_AGENCY.fullmatch(agency):
        raise InvalidProcedureCodeError(
            text,
            f"the agency part {agency!r} must look like 000.00.00.H38",
            code="procedure_code.agency_shape",
            params={"agency": agency},
        )
    if len(rest) == _LOCAL_AGENCY_GROUPS:
        return ProcedureCode(national, agency)
    variant = rest[-1]
    if not re.fullmatch(r"[0-9]{2}", variant):
        raise InvalidProcedureCodeError(
            text,
            f"the online-variant suffix {variant!r} must be two digits",
            code="procedure_code.variant_digits",
            params={"variant": variant},
        )
    return ProcedureCode(national, agency, variant)
