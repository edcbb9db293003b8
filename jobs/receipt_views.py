"""Receipts as a clerk or auditor looks them up."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from receipt_counter.changes import find_receipt
from receipt_counter.series import receipt_reference
from receipts.model import format_reference
from store.database import Store
from store.schema import ReceiptLineRecord, ReceiptRecord, ReceiptSeriesRecord


@dataclass(frozen=True)
class ReceiptRow:
    reference: str
    issued_at: datetime
    state: str
    payer: str
    dossier_code: str | None
    total: int


@dataclass(frozen=True)
class ReceiptView:
    row: ReceiptRow
    lines: tuple[tuple[str, str, int], ...]
    method: str
    replaces: str | None
    replaced_by: str | None
    reason: str | None
    pdf: str | None
    record_sha256: str | None
    error: str | None

    def as_dict(self) -> dict[str, object]:
        return {
            "receipt": self.row.reference,
            "issued_at": self.row.issued_at.isoformat(),
            "state": self.row.state,
            "payer": self.row.payer,
            "dossier": self.row.dossier_code,
            "method": self.method,
            "lines": [{"name": n, "kind": k, "amount": a} for n, k, a in self.lines],
            "total": self.row.total,
            "replaces": self.replaces,
            "replaced_by": self.replaced_by,
            "reason": self.reason,
            "pdf": self.pdf,
            "record_sha256": self.record_sha256,
            "error": self.error,
        }


def list_receipts(store: Store, series: str | None = None, limit: int = 200) -> list[ReceiptRow]:
    with store.reading() as session:
        query = (
            select(ReceiptRecord, ReceiptSeriesRecord.series_symbol)
            .join(ReceiptSeriesRecord, ReceiptSeriesRecord.id == ReceiptRecord.series_id)
            .order_by(ReceiptRecord.id.desc())
            .limit(limit)
        )
        if series is not None:
            query = query.where(ReceiptSeriesRecord.series_symbol == series)
        return [_row(receipt, symbol) for receipt, symbol in session.execute(query)]


def show_receipt(store: Store, series: str, number: int) -> ReceiptView:
    with store.reading() as session:
        receipt = find_receipt(session, series, number)
        lines = session.execute(
            select(ReceiptLineRecord.name, ReceiptLineRecord.kind, ReceiptLineRecord.amount)
            .where(ReceiptLineRecord.receipt_id == receipt.id)
            .order_by(ReceiptLineRecord.position)
        ).all()
        replacement = session.scalars(
            select(ReceiptRecord).where(ReceiptRecord.replaces_id == receipt.id)
        ).first()
        return ReceiptView(
            row=_row(receipt, series),
            lines=tuple(lines),
            method=receipt.method,
            replaces=receipt_reference(session, receipt.replaces_id),
            replaced_by=receipt_reference(session, replacement.id if replacement else None),
            reason=receipt.cancel_reason,
            pdf=receipt.pdf_path,
            record_sha256=receipt.record_sha256,
            error=receipt.error,
        )


def _row(receipt: ReceiptRecord, series_symbol: str) -> ReceiptRow:
    return ReceiptRow(
        reference=format_reference(series_symbol, receipt.number),
        issued_at=receipt.issued_at,
        state=receipt.state,
        payer=receipt.payer,
        dossier_code=receipt.dossier_code,
        total=receipt.total,
    )
