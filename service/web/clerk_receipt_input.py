"""The receipt form as typed, the choices it offers, and the `IssueRequest` it makes.

Only reading what was typed happens here (amounts such as "2.074.000 đ", blank lines);
whether the request can be issued is for the use case to say, before a number is
allocated.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from accounts.users import WebUser
from receipt_counter.choices import (
    FeeChoice,
    SeriesChoice,
    fee_choices,
    issued_content,
    series_choices,
)
from receipt_counter.flow import IssueRequest
from receipts.model import PaymentMethod
from service.web.ids import MAX_ID
from store.database import Store

BLANK_LINES = 3
_AMOUNT_NOISE = re.compile(r"[\s.,]|đồng$|đ$|d$", re.IGNORECASE)


@dataclass(frozen=True)
class ReceiptForm:
    series_id: int | None = None
    payer: str = ""
    dossier_code: str = ""
    method: str = PaymentMethod.CASH.value
    procedure: str = ""
    fee_ids: tuple[int, ...] = ()
    items: tuple[tuple[str, str], ...] = ()  # name and amount, as typed
    reason: str = ""  # why a receipt is replaced

    @property
    def typed_items(self) -> list[tuple[str, str]]:
        """The lines with something typed in them, numbered from 1 as the form shows them."""
        return [item for item in self.items if item[0].strip() or item[1].strip()]

    @property
    def item_rows(self) -> list[tuple[str, str]]:
        """The typed lines and a few blank ones to fill."""
        typed = self.typed_items
        return typed + [("", "")] * max(1, BLANK_LINES - len(typed))


@dataclass(frozen=True)
class FormChoices:
    series: list[SeriesChoice]
    fees: list[FeeChoice] = field(default_factory=list)


def read_form(
    series: int | None,
    payer: str,
    dossier_code: str,
    method: str,
    procedure: str,
    fee: Sequence[int],
    item_name: Sequence[str],
    item_amount: Sequence[str],
    reason: str = "",
) -> ReceiptForm:
    amounts = list(item_amount) + [""] * (len(item_name) - len(item_amount))
    names = list(item_name) + [""] * (len(amounts) - len(item_name))
    return ReceiptForm(
        series_id=series,
        payer=payer.strip(),
        dossier_code=dossier_code.strip(),
        method=method,
        procedure=procedure.strip(),
        fee_ids=tuple(dict.fromkeys(fee_id for fee_id in fee if 0 < fee_id <= MAX_ID)),
        items=tuple(zip(names, amounts, strict=True)),
        reason=reason,
    )


def choices(store: Store, user: WebUser, form: ReceiptForm) -> FormChoices:
    """The clerk's series, and the fees matching the procedure code or already chosen."""
    return FormChoices(
        series_choices(store, user.unit_ids), fee_choices(store, form.procedure, form.fee_ids)
    )


def issue_request(form: ReceiptForm, series: Sequence[SeriesChoice]) -> IssueRequest:
    """The request the form makes; `series` are those the clerk may choose from."""
    chosen = next((choice for choice in series if choice.id == form.series_id), None)
    return IssueRequest(
        series=chosen.series_symbol if chosen else "",
        form=chosen.form_symbol if chosen else None,
        payer=form.payer,
        dossier_code=form.dossier_code or None,
        fee_ids=form.fee_ids,
        items=tuple((name, parse_amount(amount)) for name, amount in form.typed_items),
        method=form.method,
    )


def form_of_receipt(store: Store, receipt_id: int) -> ReceiptForm:
    """A form filled with what `receipt_id` says, to replace it: catalogue fees ticked."""
    content = issued_content(store, receipt_id)
    return ReceiptForm(
        series_id=content.series_id,
        payer=content.payer,
        dossier_code=content.dossier_code or "",
        method=content.method,
        fee_ids=content.fee_ids,
        items=tuple((name, f"{amount:,}".replace(",", ".")) for name, amount in content.items),
    )


def parse_amount(text: str) -> int | None:
    """Whole đồng as clerks type them: 2.074.000, 2 074 000 đ, 2074000; None if not that."""
    digits = _AMOUNT_NOISE.sub("", text.strip())
    if not digits.isascii() or not digits.isdigit():
        return None
    return int(digits)
