"""The statements of the receipt counter: series, the fee catalogue, receipts and lines."""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import select
from sqlalchemy.orm import Session

from store.schema import FeeRecord, ReceiptLineRecord, ReceiptRecord, ReceiptSeriesRecord


def series_named(
    session: Session, series_symbol: str, form_symbol: str | None = None
) -> list[ReceiptSeriesRecord]:
    """Every series of that symbol (of that form, when given): more than one is ambiguous."""
    query = select(ReceiptSeriesRecord).where(ReceiptSeriesRecord.series_symbol == series_symbol)
    if form_symbol is not None:
        query = query.where(ReceiptSeriesRecord.form_symbol == form_symbol)
    return list(session.scalars(query))


def series_of_units(session: Session, unit_ids: Collection[int]) -> list[ReceiptSeriesRecord]:
    """The series of the units, this year's first."""
    return list(
        session.scalars(
            select(ReceiptSeriesRecord)
            .where(ReceiptSeriesRecord.unit_id.in_(sorted(unit_ids)))
            .order_by(ReceiptSeriesRecord.year.desc(), ReceiptSeriesRecord.series_symbol)
        )
    )


def receipt_numbered(session: Session, series_id: int, number: int) -> ReceiptRecord | None:
    return session.scalars(
        select(ReceiptRecord).where(
            ReceiptRecord.series_id == series_id, ReceiptRecord.number == number
        )
    ).first()


def receipt_printed_as(
    session: Session, tax_code: str, form_symbol: str, series_symbol: str, number: int
) -> ReceiptRecord | None:
    """The receipt a QR code names: the collecting body's tax code, form, series, number."""
    return session.scalars(
        select(ReceiptRecord)
        .join(ReceiptSeriesRecord, ReceiptSeriesRecord.id == ReceiptRecord.series_id)
        .where(
            ReceiptSeriesRecord.tax_code == tax_code,
            ReceiptSeriesRecord.form_symbol == form_symbol,
            ReceiptSeriesRecord.series_symbol == series_symbol,
            ReceiptRecord.number == number,
        )
    ).first()


def replacement_of(session: Session, receipt_id: int) -> int | None:
    """The id of the receipt that replaced `receipt_id`, if any."""
    return session.scalars(
        select(ReceiptRecord.id).where(ReceiptRecord.replaces_id == receipt_id)
    ).first()


def lines_of_receipt(session: Session, receipt_id: int) -> list[ReceiptLineRecord]:
    return list(
        session.scalars(
            select(ReceiptLineRecord)
            .where(ReceiptLineRecord.receipt_id == receipt_id)
            .order_by(ReceiptLineRecord.position)
        )
    )


def fees_of_procedure(session: Session, procedure_code: str) -> list[FeeRecord]:
    return list(
        session.scalars(select(FeeRecord).where(FeeRecord.procedure_code == procedure_code))
    )


def fee_named(session: Session, procedure_code: str, name: str) -> FeeRecord | None:
    return session.scalars(
        select(FeeRecord).where(FeeRecord.procedure_code == procedure_code, FeeRecord.name == name)
    ).first()


def fees_by_ids(session: Session, fee_ids: Collection[int]) -> list[FeeRecord]:
    return list(session.scalars(select(FeeRecord).where(FeeRecord.id.in_(sorted(fee_ids)))))


def fees_of_procedures_starting(session: Session, prefix: str, limit: int) -> list[FeeRecord]:
    """The fees of the procedures whose code starts with `prefix`, by code and name."""
    return list(
        session.scalars(
            select(FeeRecord)
            .where(FeeRecord.procedure_code.startswith(prefix, autoescape=True))
            .order_by(FeeRecord.procedure_code, FeeRecord.name)
            .limit(limit)
        )
    )
