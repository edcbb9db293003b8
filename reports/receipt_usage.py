"""Usage of receipt numbers per series and period: the auditor's view of the counter."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from store.database import Store
from store.schema import ReceiptLineRecord, ReceiptRecord, ReceiptSeriesRecord
from store.states import ReceiptState

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")


@dataclass(frozen=True)
class SeriesUsage:
    form_symbol: str
    series_symbol: str
    first_number: int | None
    last_number: int | None
    used: int
    """Numbers used in the period, whatever became of them."""
    issued: int
    """Still valid: issued and neither cancelled nor replaced."""
    cancelled: int
    replaced: int
    failed: int
    """Allocated, then not made (the reason is in the record)."""
    total: int
    """Đồng collected on the valid receipts."""
    by_fee: dict[str, int] = field(default_factory=dict)
    numbers_not_valid: dict[str, tuple[int, ...]] = field(default_factory=dict)
    """Which numbers were cancelled, replaced or failed."""


def receipt_usage(
    store: Store, start: date, end: date, series: str | None = None
) -> list[SeriesUsage]:
    """Per series, receipts dated from `start` to `end` inclusive (Vietnam days)."""
    since = datetime.combine(start, time(), VIETNAM)
    until = datetime.combine(end + timedelta(days=1), time(), VIETNAM)
    with store.reading() as session:
        query = select(ReceiptSeriesRecord).order_by(ReceiptSeriesRecord.id)
        if series is not None:
            query = query.where(ReceiptSeriesRecord.series_symbol == series)
        usages = []
        for found in session.scalars(query):
            receipts = session.scalars(
                select(ReceiptRecord)
                .where(ReceiptRecord.series_id == found.id)
                .where(ReceiptRecord.issued_at >= since, ReceiptRecord.issued_at < until)
                .order_by(ReceiptRecord.number)
            ).all()
            valid = [receipt.id for receipt in receipts if receipt.state == ReceiptState.ISSUED]
            lines = session.execute(
                select(ReceiptLineRecord.name, ReceiptLineRecord.amount).where(
                    ReceiptLineRecord.receipt_id.in_(valid)
                )
            ).tuples()
            usages.append(_usage(found, receipts, lines))
        return usages


def _usage(
    series: ReceiptSeriesRecord,
    receipts: Sequence[ReceiptRecord],
    lines: Iterable[tuple[str, int]],
) -> SeriesUsage:
    states = Counter(receipt.state for receipt in receipts)
    by_fee: dict[str, int] = defaultdict(int)
    for name, amount in lines:
        by_fee[name] += amount
    numbers = [receipt.number for receipt in receipts]
    return SeriesUsage(
        form_symbol=series.form_symbol,
        series_symbol=series.series_symbol,
        first_number=min(numbers, default=None),
        last_number=max(numbers, default=None),
        used=len(receipts),
        issued=states[ReceiptState.ISSUED],
        cancelled=states[ReceiptState.CANCELLED],
        replaced=states[ReceiptState.REPLACED],
        failed=states[ReceiptState.FAILED] + states[ReceiptState.ISSUING],
        total=sum(by_fee.values()),
        by_fee=dict(sorted(by_fee.items())),
        numbers_not_valid={
            state: tuple(receipt.number for receipt in receipts if receipt.state == state)
            for state in (ReceiptState.CANCELLED, ReceiptState.REPLACED, ReceiptState.FAILED)
        },
    )
