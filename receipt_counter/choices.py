"""What the receipt form offers: the series a clerk issues in, fees of the catalogue, and
what a receipt was issued with, to replace it."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from store.database import Store
from store.receipts import (
    fee_named,
    fees_by_ids,
    fees_of_procedures_starting,
    lines_of_receipt,
    series_of_units,
)
from store.schema import ReceiptRecord

FEES_SHOWN = 50


@dataclass(frozen=True)
class SeriesChoice:
    id: int
    form_symbol: str
    series_symbol: str
    organization: str


@dataclass(frozen=True)
class FeeChoice:
    id: int
    procedure_code: str
    name: str
    amount: int


@dataclass(frozen=True)
class IssuedContent:
    """What a receipt was issued with, in the terms of a request: fees of the catalogue,
    and lines given by hand."""

    series_id: int
    payer: str
    dossier_code: str | None
    method: str
    fee_ids: tuple[int, ...]
    items: tuple[tuple[str, int], ...]


def series_choices(store: Store, unit_ids: Collection[int]) -> list[SeriesChoice]:
    """The series of `unit_ids`, this year's first."""
    with store.reading() as session:
        found = series_of_units(session, unit_ids)
        return [
            SeriesChoice(row.id, row.form_symbol, row.series_symbol, row.organization)
            for row in found
        ]


def fee_choices(store: Store, procedure: str, chosen: Collection[int]) -> list[FeeChoice]:
    """The fees already chosen, then those of the procedures whose code starts with
    `procedure` (none for an empty `procedure`)."""
    with store.reading() as session:
        fees = fees_by_ids(session, chosen)
        if procedure:
            matching = fees_of_procedures_starting(session, procedure, FEES_SHOWN)
            fees += [fee for fee in matching if fee.id not in chosen]
        return [FeeChoice(fee.id, fee.procedure_code, fee.name, fee.amount) for fee in fees]


def issued_content(store: Store, receipt_id: int) -> IssuedContent:
    """What `receipt_id` was issued with: a line still in the catalogue at the same amount
    is that fee; any other is a line given by hand."""
    fee_ids: list[int] = []
    items: list[tuple[str, int]] = []
    with store.reading() as session:
        receipt = session.get_one(ReceiptRecord, receipt_id)
        for line in lines_of_receipt(session, receipt_id):
            fee = fee_named(session, line.fee_code, line.name) if line.fee_code else None
            if fee is not None and fee.amount == line.amount:
                fee_ids.append(fee.id)
            else:
                items.append((line.name, line.amount))
        return IssuedContent(
            series_id=receipt.series_id,
            payer=receipt.payer,
            dossier_code=receipt.dossier_code,
            method=receipt.method,
            fee_ids=tuple(fee_ids),
            items=tuple(items),
        )
