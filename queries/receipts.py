"""Receipts as a clerk, an auditor or the one-stop system looks them up: a list, one receipt
with its lines and what replaced it, and the receipts of a dossier."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, Select, or_, select
from sqlalchemy.orm import Session

from receipts.model import format_reference
from receipts.qr_payload import QrPayload
from receipts.receipt_text import vietnam_time
from store.database import Store
from store.schema import ReceiptLineRecord, ReceiptRecord, ReceiptSeriesRecord


@dataclass(frozen=True)
class ReceiptRow:
    id: int
    reference: str
    form_symbol: str
    series_symbol: str
    number: int
    unit_id: int
    issued_at: datetime
    state: str
    payer: str
    dossier_code: str | None
    total: int
    cancel_reason: str | None
    pdf_path: str | None


@dataclass(frozen=True)
class ReceiptLine:
    name: str
    kind: str
    amount: int


@dataclass(frozen=True)
class ReceiptView:
    row: ReceiptRow
    organization: str
    lines: tuple[ReceiptLine, ...]
    method: str
    replaces: str | None
    replaced_by: str | None
    replacement_id: int | None
    cancelled_at: datetime | None
    docx_path: str | None
    xml_path: str | None
    record_sha256: str | None
    error: str | None
    tax_code: str
    collector: str | None = None
    """Họ tên người thu tiền as printed; None for a receipt issued before collectors were."""
    kind_name: str = ""
    """The receipt kind of its series, printed as its title."""

    @property
    def qr_text(self) -> str | None:
        """What the receipt's QR code holds (before any check-page link), rebuilt from the
        record; None for a receipt whose record was never completed."""
        if self.record_sha256 is None:
            return None
        return QrPayload(
            tax_code=self.tax_code,
            form_symbol=self.row.form_symbol,
            series_symbol=self.row.series_symbol,
            number=self.row.number,
            issued_on=vietnam_time(self.row.issued_at).date(),
            total=self.row.total,
            sha256=self.record_sha256,
        ).text

    def as_dict(self) -> dict[str, object]:
        return {
            "receipt": self.row.reference,
            "issued_at": self.row.issued_at.isoformat(),
            "state": self.row.state,
            "payer": self.row.payer,
            "dossier": self.row.dossier_code,
            "method": self.method,
            "collector": self.collector,
            "kind": self.kind_name,
            "lines": [{"name": x.name, "kind": x.kind, "amount": x.amount} for x in self.lines],
            "total": self.row.total,
            "replaces": self.replaces,
            "replaced_by": self.replaced_by,
            "reason": self.row.cancel_reason,
            "pdf": self.row.pdf_path,
            "record_sha256": self.record_sha256,
            "qr": self.qr_text,
            "error": self.error,
        }


def list_receipts(
    store: Store,
    *,
    series: str | None = None,
    unit_ids: Collection[int] | None = None,
    offset: int = 0,
    limit: int | None = 200,
) -> list[ReceiptRow]:
    """Receipts newest first, of one series or of some units' series when asked."""
    query = _rows_query().order_by(ReceiptRecord.id.desc()).offset(offset).limit(limit)
    if series is not None:
        query = query.where(ReceiptSeriesRecord.series_symbol == series)
    if unit_ids is not None:
        query = query.where(ReceiptSeriesRecord.unit_id.in_(sorted(unit_ids)))
    with store.reading() as session:
        return [_row(*found) for found in session.execute(query)]


def dossier_receipts(
    store: Store, code: str, dossier_id: int | None, limit: int
) -> list[ReceiptRow]:
    """The receipts naming the dossier code, or linked to the registered dossier."""
    of_dossier: ColumnElement[bool] = ReceiptRecord.dossier_code == code
    if dossier_id is not None:
        of_dossier = or_(of_dossier, ReceiptRecord.dossier_id == dossier_id)
    query = _rows_query().where(of_dossier).order_by(ReceiptRecord.id).limit(limit)
    with store.reading() as session:
        return [_row(*found) for found in session.execute(query)]


def receipt_by_number(store: Store, series: str, number: int) -> ReceiptView | None:
    wanted = (ReceiptSeriesRecord.series_symbol == series, ReceiptRecord.number == number)
    return _view(store, *wanted)


def receipt_by_id(store: Store, receipt_id: int) -> ReceiptView | None:
    return _view(store, ReceiptRecord.id == receipt_id)


def _view(store: Store, *wanted: ColumnElement[bool]) -> ReceiptView | None:
    with store.reading() as session:
        found = session.execute(_rows_query().where(*wanted)).first()
        if found is None:
            return None
        receipt, series = found
        lines = session.execute(
            select(ReceiptLineRecord.name, ReceiptLineRecord.kind, ReceiptLineRecord.amount)
            .where(ReceiptLineRecord.receipt_id == receipt.id)
            .order_by(ReceiptLineRecord.position)
        )
        replacement = session.scalars(
            select(ReceiptRecord.id).where(ReceiptRecord.replaces_id == receipt.id)
        ).first()
        return ReceiptView(
            row=_row(receipt, series),
            organization=series.organization,
            lines=tuple(ReceiptLine(*line) for line in lines),
            method=receipt.method,
            replaces=_reference(session, receipt.replaces_id),
            replaced_by=_reference(session, replacement),
            replacement_id=replacement,
            cancelled_at=receipt.cancelled_at,
            docx_path=receipt.docx_path,
            xml_path=receipt.xml_path,
            record_sha256=receipt.record_sha256,
            error=receipt.error,
            tax_code=series.tax_code,
            collector=receipt.collector,
            kind_name=series.kind_name,
        )


def _rows_query() -> Select[ReceiptRecord, ReceiptSeriesRecord]:
    return select(ReceiptRecord, ReceiptSeriesRecord).join(
        ReceiptSeriesRecord, ReceiptSeriesRecord.id == ReceiptRecord.series_id
    )


def _row(receipt: ReceiptRecord, series: ReceiptSeriesRecord) -> ReceiptRow:
    return ReceiptRow(
        id=receipt.id,
        reference=format_reference(series.series_symbol, receipt.number),
        form_symbol=series.form_symbol,
        series_symbol=series.series_symbol,
        number=receipt.number,
        unit_id=series.unit_id,
        issued_at=receipt.issued_at,
        state=receipt.state,
        payer=receipt.payer,
        dossier_code=receipt.dossier_code,
        total=receipt.total,
        cancel_reason=receipt.cancel_reason,
        pdf_path=receipt.pdf_path,
    )


def _reference(session: Session, receipt_id: int | None) -> str | None:
    if receipt_id is None:
        return None
    symbol, number = session.execute(
        select(ReceiptSeriesRecord.series_symbol, ReceiptRecord.number)
        .join(ReceiptSeriesRecord, ReceiptSeriesRecord.id == ReceiptRecord.series_id)
        .where(ReceiptRecord.id == receipt_id)
    ).one()
    return format_reference(symbol, number)
