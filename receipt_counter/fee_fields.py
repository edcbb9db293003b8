"""A fee's fields as someone typed them (a form, an API call, a row of a CSV file), each read
or found wrong; the faces and the file reader say what was wrong in their own terms."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from dossiers import parse_procedure_code
from dossiers.errors import InvalidProcedureCodeError
from receipt_counter.errors import FeeFieldError, InvalidFeeError
from receipts.model import FeeKind
from receipts.receipt_checks import MAX_TOTAL

MAX_NAME = 300  # the fees table's name column
MAX_AMOUNT = MAX_TOTAL  # one fee may not be more than a whole receipt may total
KINDS = tuple(kind.value for kind in FeeKind)
PROCEDURE_CODE_EXAMPLES = "1.001612, 1.011442.000.00.00.H38, 2.000815.000.00.00.H55.02"
# Whole đồng, with or without thousands separators: 20000, 20.000, 20,000, 20 000.
_AMOUNT = re.compile(r"[0-9]+|[0-9]{1,3}([., \u00a0])[0-9]{3}(?:\1[0-9]{3})*")


@dataclass(frozen=True)
class FeeChange:
    """What an admin may change of a fee: its name, kind and amount."""

    name: str
    kind: FeeKind
    amount: int


@dataclass(frozen=True)
class FeeSpec:
    """A fee of the catalogue: a procedure (TTHC) code and what is collected for it."""

    procedure_code: str
    name: str
    kind: FeeKind
    amount: int

    @property
    def change(self) -> FeeChange:
        return FeeChange(self.name, self.kind, self.amount)


def procedure_code_of(text: str) -> str | None:
    """The procedure code as the catalogue keeps it (1.001612, upper-case agency part)."""
    try:
        return str(parse_procedure_code(text))
    except InvalidProcedureCodeError:
        return None


def name_of(text: str) -> str | None:
    name = " ".join(unicodedata.normalize("NFC", text).split())
    return name if name and len(name) <= MAX_NAME else None


def kind_of(text: str) -> FeeKind | None:
    """Phí or lệ phí (Law on Fees and Charges 97/2015/QH13 Art. 3), in any case."""
    typed = " ".join(unicodedata.normalize("NFC", text).split()).lower()
    return next((kind for kind in FeeKind if kind.value == typed), None)


def amount_of(text: str) -> int | None:
    """A whole number of đồng above 0, at most MAX_AMOUNT; None for anything else."""
    typed = text.strip()
    if not _AMOUNT.fullmatch(typed):
        return None
    amount = int(re.sub(r"[., \u00a0]", "", typed))
    return amount if 0 < amount <= MAX_AMOUNT else None


def checked_change(name: str, kind: str, amount: str) -> FeeChange:
    """The fee's new terms, or InvalidFeeError with every field that is wrong."""
    problems = []
    read_name, read_kind, read_amount = name_of(name), kind_of(kind), amount_of(amount)
    if read_name is None:
        problems.append(
            FeeFieldError(
                f"A fee's name is required, at most {MAX_NAME} characters.",
                code="fee.name_invalid",
                params={"limit": MAX_NAME},
            )
        )
    if read_kind is None:
        problems.append(
            FeeFieldError(
                f"Kind {kind.strip()!r} is not one of {', '.join(KINDS)}.",
                code="fee.kind_invalid",
                params={"value": kind.strip()},
            )
        )
    if read_amount is None:
        problems.append(
            FeeFieldError(
                f"Amount {amount.strip()!r} is not a whole number of đồng above 0 "
                f"(at most {MAX_AMOUNT}).",
                code="fee.amount_invalid",
                params={"value": amount.strip()},
            )
        )
    if problems or read_name is None or read_kind is None or read_amount is None:
        raise InvalidFeeError(problems)
    return FeeChange(read_name, read_kind, read_amount)


def checked_fee(procedure_code: str, name: str, kind: str, amount: str) -> FeeSpec:
    """A new fee, or InvalidFeeError with every field that is wrong."""
    problems = []
    code = procedure_code_of(procedure_code)
    if code is None:
        problems.append(
            FeeFieldError(
                f"{procedure_code.strip()!r} is not a procedure code "
                f"(like {PROCEDURE_CODE_EXAMPLES}).",
                code="fee.procedure_code_invalid",
                params={"value": procedure_code.strip()},
            )
        )
    try:
        terms = checked_change(name, kind, amount)
    except InvalidFeeError as error:
        raise InvalidFeeError([*problems, *error.problems]) from None
    if code is None:
        raise InvalidFeeError(problems)
    return FeeSpec(code, terms.name, terms.kind, terms.amount)
