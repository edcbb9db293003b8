"""Usage of receipt numbers per series and period: the auditor's view of the counter, read
by the auditor's page and `sohoa receipts report`."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from reports.receipt_usage_model import SeriesUsage
from store.database import Store
from store.schema import ReceiptLineRecord, ReceiptRecord, ReceiptSeriesRecord
from store.states import ReceiptState

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")


def receipt_usage(
    store: Store, start: date, end: date, series: str | None = None
) -> list[SeriesUsage]:
    """Per series, receipts dated from `start` to `end` inclusive (Vietnam days).

    Counted in the database (a year of a busy counter is tens of thousands of receipts);
    only the numbers that are not valid, few by nature, are read one by one.
    """
    since = datetime.combine(start, time(), VIETNAM)
    until = datetime.combine(end + timedelta(days=1), time(), VIETNAM)
    with store.reading() as session:
        query = select(ReceiptSeriesRecord).order_by(ReceiptSeriesRecord.id)
        if series is not None:
            query = query.where(ReceiptSeriesRecord.series_symbol == series)
        usages = []
        for found in session.scalars(query):
            in_period = (
                ReceiptRecord.series_id == found.id,
                ReceiptRecord.issued_at >= since,
                ReceiptRecord.issued_at < until,
            )
            usages.append(_usage(session, found, in_period))
        return usages


def _usage(
    session: Session, series: ReceiptSeriesRecord, in_period: tuple[ColumnElement[bool], ...]
) -> SeriesUsage:
    counted = session.execute(
        select(
            ReceiptRecord.state,
            func.count(),
            func.min(ReceiptRecord.number),
            func.max(ReceiptRecord.number),
        )
        .where(*in_period)
        .group_by(ReceiptRecord.state)
    ).all()
    states = Counter({state: count for state, count, _, _ in counted})
    not_valid = (ReceiptState.CANCELLED, ReceiptState.REPLACED, ReceiptState.FAILED)
    numbers = session.execute(
        select(ReceiptRecord.state, ReceiptRecord.number)
        .where(*in_period, ReceiptRecord.state.in_(not_valid))
        .order_by(ReceiptRecord.number)
    )
    by_state: dict[str, list[int]] = defaultdict(list)
    for state, number in numbers:
        by_state[state].append(number)
    by_fee = dict(
        session.execute(
            select(ReceiptLineRecord.name, func.sum(ReceiptLineRecord.amount))
            .join(ReceiptRecord, ReceiptRecord.id == ReceiptLineRecord.receipt_id)
            .where(*in_period, ReceiptRecord.state == ReceiptState.ISSUED)
            .group_by(ReceiptLineRecord.name)
            .order_by(ReceiptLineRecord.name)
        ).all()
    )
    return SeriesUsage(
        form_symbol=series.form_symbol,
        series_symbol=series.series_symbol,
        first_number=min((low for _, _, low, _ in counted), default=None),
        last_number=max((high for _, _, _, high in counted), default=None),
        used=sum(states.values()),
        issued=states[ReceiptState.ISSUED],
        cancelled=states[ReceiptState.CANCELLED],
        replaced=states[ReceiptState.REPLACED],
        failed=states[ReceiptState.FAILED] + states[ReceiptState.ISSUING],
        total=sum(by_fee.values()),
        by_fee={name: int(amount) for name, amount in by_fee.items()},
        numbers_not_valid={state: tuple(by_state[state]) for state in not_valid},
    )
