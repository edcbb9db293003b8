"""Daily data for the tax authority: each Vietnam day's summary of each receipt series
(receipts issued, cancelled and issued as replacements that day), signed with the series'
profile and handed to the configured provider (`receipt_counter/transmission.py`).

Rules:
- A day is summarised once it is over (Vietnam time), so that a summary is whole and never
  needs a supplement; today or a later day is refused.
- A series' day is delivered once: its audit entry (`receipt.daily_data_delivered`, subject
  `receipt_series:<id>:<YYYY-MM-DD>`) says so, and a second run reports it as delivered
  before and writes nothing. The outbox never overwrites a file either.
- A day with a receipt of the series still being made waits (nothing is delivered for that
  series); the next run delivers it.
- A day without receipts has no summary, unless `deliver_empty_days` is set.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from enum import StrEnum

from config import SohoaError
from receipt_counter.errors import ReceiptError
from receipt_counter.signed_message import sign_xml
from receipt_counter.transmission import (
    DailyDataProvider,
    DailySummaryFile,
    configured_provider,
)
from receipts.daily_summary import (
    SIGNER_SLOT,
    DailySummary,
    LineStatus,
    RelatedReceipt,
    Sign,
    SummaryLine,
    file_name,
    signed_summary,
)
from receipts.receipt_text import VIETNAM
from signing.configured import configured_profile
from signing.keys import load_signer
from store import audit
from store.daily_data import (
    DELIVERED,
    DayReceipt,
    all_series,
    cancelled_between,
    delivered_details,
    issued_between,
    still_issuing,
)
from store.database import Session
from store.record import Record
from store.schema import ReceiptSeriesRecord


class Outcome(StrEnum):
    DELIVERED = "delivered"
    DELIVERED_BEFORE = "delivered_before"
    NO_RECEIPTS = "no_receipts"
    STILL_ISSUING = "still_issuing"


@dataclass(frozen=True)
class SeriesDay:
    """What became of one series' day."""

    form_symbol: str
    series_symbol: str
    day: dt.date
    outcome: Outcome
    file: str | None = None
    """The summary's file name."""
    delivered_to: str | None = None
    """Where the provider put it (now, or before)."""
    counts: dict[str, int] = field(default_factory=dict)
    """Lines per status (issued, cancelled, replacement)."""


def vietnam_today(now: dt.datetime | None = None) -> dt.date:
    return (now or dt.datetime.now(dt.UTC)).astimezone(VIETNAM).date()


def deliver_daily_data(
    record: Record,
    day: dt.date,
    actor: str,
    *,
    series: str | None = None,
    now: dt.datetime | None = None,
) -> list[SeriesDay]:
    """Summarise `day` for every series (or the one named) and deliver what is not yet."""
    today = vietnam_today(now)
    if day >= today:
        raise ReceiptError(
            f"The day {day:%d/%m/%Y} is not over yet (Vietnam time): a day is summarised once "
            "it is over.",
            code="receipt_daily.day_not_over",
            params={"day": f"{day:%d/%m/%Y}"},
        )
    with record.store.reading() as session:
        chosen = [found for found in all_series(session)
                  if series is None or found.series_symbol == series]  # fmt: skip
    if series is not None and not chosen:
        raise ReceiptError(
            f"There is no receipt series {series}.",
            code="receipt.series_unknown",
            params={"series": series},
        )
    # A provider the settings cannot name refuses before anything is signed.
    provider = configured_provider(record.settings.receipts.daily_data, record.layout.data_dir)
    return [_deliver_series_day(record, provider, found, day, actor, now) for found in chosen]


def deliver_due_days(
    record: Record, actor: str = audit.SYSTEM, now: dt.datetime | None = None
) -> list[SeriesDay]:
    """What `sohoa run` does: every day of the last `catch_up_days` up to yesterday not yet
    delivered, for every series. Delivered days are skipped quickly (their audit entries).
    One series that cannot be delivered (its profile gone, say) does not hold the others
    back: the first such error is raised once every other series' days are done."""
    today = vietnam_today(now)
    back = record.settings.receipts.daily_data.catch_up_days
    provider = configured_provider(record.settings.receipts.daily_data, record.layout.data_dir)
    with record.store.reading() as session:
        every = all_series(session)
    done: list[SeriesDay] = []
    failed: list[SohoaError] = []
    for days_ago in range(back, 0, -1):
        day = today - dt.timedelta(days=days_ago)
        for series in every:
            try:
                done.append(_deliver_series_day(record, provider, series, day, actor, now))
            except SohoaError as error:
                failed.append(error)
    if failed:
        raise failed[0]
    return done


def _deliver_series_day(
    record: Record,
    provider: DailyDataProvider,
    series: ReceiptSeriesRecord,
    day: dt.date,
    actor: str,
    now: dt.datetime | None,
) -> SeriesDay:
    settings = record.settings.receipts.daily_data
    since = dt.datetime.combine(day, dt.time(), VIETNAM)
    until = since + dt.timedelta(days=1)
    subject = f"receipt_series:{series.id}:{day.isoformat()}"
    form, symbol = series.form_symbol, series.series_symbol
    with record.store.reading() as session:
        details = delivered_details(session, subject)
        if details is not None:
            return SeriesDay(
                form, symbol, day, Outcome.DELIVERED_BEFORE,
                file=str(details.get("file")), delivered_to=str(details.get("delivered_to")),
            )  # fmt: skip
        if still_issuing(session, series.id, since, until):
            return SeriesDay(form, symbol, day, Outcome.STILL_ISSUING)
        lines = _lines(session, series, since, until)
    # An empty summary only for a day the series was in use: of its year, once it existed.
    in_use = day.year == series.year and day >= vietnam_today(series.created_at)
    if not lines and not (settings.deliver_empty_days and in_use):
        return SeriesDay(form, symbol, day, Outcome.NO_RECEIPTS)
    summary = DailySummary(
        day=day,
        form_symbol=form,
        series_symbol=symbol,
        organization=series.organization,
        tax_code=series.tax_code,
        made_on=vietnam_today(now),
        lines=tuple(lines),
        form_number=settings.form_number,
    )
    content = signed_summary(summary, _signer(record, series.profile))
    counts = {status.value: summary.count(status) for status in LineStatus}
    ready = DailySummaryFile(
        file_name(summary), content, day, form, symbol, hashlib.sha256(content).hexdigest()
    )
    with record.store.writing() as session:
        if delivered_details(session, subject) is not None:  # another process was quicker
            return SeriesDay(form, symbol, day, Outcome.DELIVERED_BEFORE, file=ready.name)
        receipt = provider.deliver(ready)
        audit.record(
            session, DELIVERED, subject, actor,
            day=day.isoformat(), form=form, series=symbol, file=ready.name, sha256=ready.sha256,
            provider=receipt.provider, delivered_to=receipt.reference,
            issued=counts[LineStatus.ISSUED], cancelled=counts[LineStatus.CANCELLED],
            replacements=counts[LineStatus.REPLACEMENT],
        )  # fmt: skip
    return SeriesDay(
        form, symbol, day, Outcome.DELIVERED,
        file=ready.name, delivered_to=receipt.reference, counts=counts,
    )  # fmt: skip


def _lines(
    session: Session, series: ReceiptSeriesRecord, since: dt.datetime, until: dt.datetime
) -> list[SummaryLine]:
    """The day's events in time order: each receipt issued (or issued as a replacement),
    each receipt cancelled."""
    events: list[tuple[dt.datetime, int, SummaryLine]] = []
    for receipt in issued_between(session, series.id, since, until):
        status = LineStatus.ISSUED if receipt.replaced is None else LineStatus.REPLACEMENT
        events.append((receipt.issued_at, 0, _line(series, receipt, status)))
    for receipt in cancelled_between(session, series.id, since, until):
        assert receipt.cancelled_at is not None, "selected by its cancellation time"
        events.append((receipt.cancelled_at, 1, _line(series, receipt, LineStatus.CANCELLED)))
    events.sort(key=lambda event: (event[0], event[1], event[2].number))
    return [line for _, _, line in events]


def _line(series: ReceiptSeriesRecord, receipt: DayReceipt, status: LineStatus) -> SummaryLine:
    related = (
        RelatedReceipt(*receipt.replaced)
        if status == LineStatus.REPLACEMENT and receipt.replaced is not None
        else None
    )
    return SummaryLine(
        status=status,
        form_symbol=series.form_symbol,
        series_symbol=series.series_symbol,
        number=receipt.number,
        issued_on=receipt.issued_at.astimezone(VIETNAM).date(),
        payer=receipt.payer,
        total=receipt.total,
        related=related,
    )


def _signer(record: Record, profile_name: str) -> Sign:
    """Signs as a receipt's message is signed: the series' profile, the same settings."""
    signer = load_signer(configured_profile(record.settings, profile_name))
    return lambda signed, slot: sign_xml(signed, slot, signer, record.settings, SIGNER_SLOT)
