"""A receipt request as asked, and the rules it must satisfy before a number is allocated.

Every rule is checked and every refusal kept, so that the clerk sees all the mistakes of a
request at once: a ReceiptError each, with a code and the values its message names, all
raised together as one InvalidReceiptRequestError.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import ParamSpec, TypeVar
from zoneinfo import ZoneInfo

from config import SohoaError
from dossiers.codes import parse_dossier_code
from dossiers.errors import InvalidDossierCodeError
from receipt_counter.errors import InvalidReceiptRequestError, ReceiptError
from receipt_counter.series import find_series
from receipts.model import MAX_NUMBER, FeeKind, PaymentMethod, ReceiptLine
from receipts.receipt_checks import MAX_TOTAL
from store.database import Session
from store.receipts import fees_of_procedure
from store.register import find_dossier
from store.schema import FeeRecord, ReceiptSeriesRecord

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")

Checked = TypeVar("Checked")
Arguments = ParamSpec("Arguments")


@dataclass(frozen=True)
class IssueRequest:
    series: str
    payer: str
    dossier_code: str | None
    fee_codes: tuple[str, ...] = ()
    """Procedure codes of the fee catalogue, each with a single fee (the command line)."""
    items: tuple[tuple[str, int | None], ...] = ()
    """Lines given by hand: (name, amount in đồng, None if it could not be read); a name
    starting "Lệ phí" is a charge."""
    method: str = PaymentMethod.CASH
    form: str | None = None
    replaces_id: int | None = None
    fee_ids: tuple[int, ...] = ()
    """Fees of the catalogue chosen one by one (the web form)."""


@dataclass(frozen=True)
class CheckedRequest:
    """A request that may be issued as it is."""

    series_id: int
    payer: str
    dossier_code: str | None
    dossier_id: int | None
    lines: tuple[ReceiptLine, ...]
    method: PaymentMethod
    replaces_id: int | None


def check_request(
    session: Session,
    request: IssueRequest,
    now: datetime,
    *,
    require_known_dossier: bool,
    also_refused: Sequence[SohoaError] = (),
) -> CheckedRequest:
    """`request` checked, or InvalidReceiptRequestError with `also_refused` and every
    problem found in the order of the form."""
    refusals = list(also_refused)
    series = _attempt(refusals, _usable_series, session, request, now)
    payer = _attempt(refusals, _payer, request.payer)
    dossier = _attempt(refusals, _dossier, session, request.dossier_code, require_known_dossier)
    lines = _attempt(refusals, _lines, session, request)
    method = _attempt(refusals, _method, request.method)
    if refusals:
        raise InvalidReceiptRequestError(refusals)
    assert series and payer and dossier and lines and method
    dossier_code, dossier_id = dossier
    return CheckedRequest(
        series.id, payer, dossier_code, dossier_id, lines, method, request.replaces_id
    )


def check_usable(series: ReceiptSeriesRecord, now: datetime) -> None:
    """Refuse a series that cannot give a number now: another year's, or one with every
    number used."""
    year = now.astimezone(VIETNAM).year
    if series.year != year:
        raise ReceiptError(
            f"Series {series.series_symbol} is for {series.year}; it is {year} now: "
            "add this year's series.",
            code="receipt.series_other_year",
            params={"series": series.series_symbol, "year": series.year, "current_year": year},
        )
    if series.last_number >= MAX_NUMBER:
        raise ReceiptError(
            f"Series {series.series_symbol} has used all 7-digit numbers.",
            code="receipt.series_full",
            params={"series": series.series_symbol},
        )


def _attempt(
    refusals: list[SohoaError],
    check: Callable[Arguments, Checked],
    *args: Arguments.args,
    **kwargs: Arguments.kwargs,
) -> Checked | None:
    """What `check` gives, or None with its refusals added to `refusals`."""
    try:
        return check(*args, **kwargs)
    except ReceiptError as error:
        refusals.extend(error.problems)
        return None


def _usable_series(session: Session, request: IssueRequest, now: datetime) -> ReceiptSeriesRecord:
    if not request.series.strip():
        raise ReceiptError(
            "A receipt needs a series (--series SYMBOL).", code="receipt.series_missing"
        )
    series = find_series(session, request.series, request.form)
    if series is None:
        raise ReceiptError(
            f"There is no receipt series '{request.series}'.",
            code="receipt.series_unknown",
            params={"series": request.series},
        )
    check_usable(series, now)
    return series


def _payer(text: str) -> str:
    payer = text.strip()
    if not payer:
        raise ReceiptError("A receipt needs the payer's name.", code="receipt.payer_missing")
    return payer


def _dossier(
    session: Session, text: str | None, require_known_dossier: bool
) -> tuple[str | None, int | None]:
    """The dossier's code and, if it is in the register, its id."""
    if text is None or not text.strip():
        return None, None
    try:
        code = str(parse_dossier_code(text).dossier)
    except InvalidDossierCodeError as error:
        raise ReceiptError(
            error.message,
            code="receipt.dossier_code_invalid",
            params={"text": text.strip(), "reason": error.reason},
        ) from None
    dossier = find_dossier(session, code)
    found = dossier.id if dossier is not None else None
    if found is None and require_known_dossier:
        raise ReceiptError(
            f"Dossier {code} is not in the register.",
            code="receipt.dossier_unknown",
            params={"dossier": code},
        )
    return code, found


def _lines(session: Session, request: IssueRequest) -> tuple[ReceiptLine, ...]:
    refusals: list[SohoaError] = []
    by_code = [_attempt(refusals, _fee_of_procedure, session, code) for code in request.fee_codes]
    by_id = [_attempt(refusals, _chosen_fee, session, fee_id) for fee_id in request.fee_ids]
    typed = [
        _attempt(refusals, _typed_line, number, name, amount)
        for number, (name, amount) in enumerate(request.items, start=1)
    ]
    if refusals:
        raise InvalidReceiptRequestError(refusals)
    lines = tuple(line for line in (*by_code, *by_id, *typed) if line is not None)
    if not lines:
        raise ReceiptError(
            "A receipt needs at least one fee (--fee CODE or --item NAME=AMOUNT).",
            code="receipt.lines_missing",
        )
    total = sum(line.amount for line in lines)
    if total > MAX_TOTAL:
        raise ReceiptError(
            f"The total of {total} đồng is implausibly large: check the amounts.",
            code="receipt.total_too_large",
            params={"total": total, "max": MAX_TOTAL},
        )
    return lines


def _fee_of_procedure(session: Session, code: str) -> ReceiptLine:
    fees = fees_of_procedure(session, code)
    if not fees:
        raise ReceiptError(
            f"No fee for procedure '{code}' in the fee catalogue.",
            code="receipt.fee_unknown",
            params={"procedure": code},
        )
    if len(fees) > 1:
        names = ", ".join(fee.name for fee in fees)
        raise ReceiptError(
            f"Procedure '{code}' has several fees ({names}); "
            "give the lines with --item NAME=AMOUNT.",
            code="receipt.fee_several",
            params={"procedure": code, "names": names},
        )
    return _catalogue_line(fees[0])


def _chosen_fee(session: Session, fee_id: int) -> ReceiptLine:
    fee = session.get(FeeRecord, fee_id)
    if fee is None:
        raise ReceiptError(
            f"Fee {fee_id} is no longer in the fee catalogue: choose the fees again.",
            code="receipt.fee_gone",
            params={"fee": fee_id},
        )
    return _catalogue_line(fee)


def _catalogue_line(fee: FeeRecord) -> ReceiptLine:
    return ReceiptLine(
        name=fee.name, kind=FeeKind(fee.kind), amount=fee.amount, fee_code=fee.procedure_code
    )


def _typed_line(number: int, name: str, amount: int | None) -> ReceiptLine:
    name = name.strip()
    if not name:
        raise ReceiptError(
            f"Line {number} given by hand needs a name: NAME=AMOUNT.",
            code="receipt.item_name_missing",
            params={"line": number},
        )
    if amount is None or amount <= 0:
        raise ReceiptError(
            f"'{name}': the amount must be more than 0 đồng.",
            code="receipt.amount_not_positive",
            params={"line": number, "name": name, "amount": amount},
        )
    kind = FeeKind.CHARGE if name.lower().startswith("lệ phí") else FeeKind.FEE
    return ReceiptLine(name=name, kind=kind, amount=amount)


def _method(text: str) -> PaymentMethod:
    try:
        return PaymentMethod(text)
    except ValueError:
        raise ReceiptError(
            f"'{text}' is not a payment method: use cash, transfer or qr.",
            code="receipt.method_unknown",
            params={"method": text},
        ) from None
