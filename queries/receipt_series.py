"""Receipt series with the last number each has used, and the series each signing profile
signs. The admin's pages and `sohoa receipts series list` read these."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from store.database import Store
from store.schema import ReceiptSeriesRecord, UnitRecord


@dataclass(frozen=True)
class SeriesRow:
    form_symbol: str
    series_symbol: str
    year: int
    organization: str
    tax_code: str
    unit: str
    profile: str
    last_number: int
    unit_name: str = ""
    """The unit's display name; "" while it has none."""
    kind_name: str = ""
    """The receipt kind the series prints as its title."""


def series_rows(store: Store, offset: int = 0, limit: int | None = None) -> list[SeriesRow]:
    """The newest year first, then by series and form symbol."""
    with store.reading() as session:
        rows = session.execute(
            select(ReceiptSeriesRecord, UnitRecord.code, UnitRecord.name)
            .join(UnitRecord, UnitRecord.id == ReceiptSeriesRecord.unit_id)
            .order_by(
                ReceiptSeriesRecord.year.desc(),
                ReceiptSeriesRecord.series_symbol,
                ReceiptSeriesRecord.form_symbol,
            )
            .offset(offset)
            .limit(limit)
        )
        return [
            SeriesRow(
                series.form_symbol,
                series.series_symbol,
                series.year,
                series.organization,
                series.tax_code,
                unit,
                series.profile,
                series.last_number,
                name,
                series.kind_name,
            )
            for series, unit, name in rows
        ]


def series_by_profile(store: Store, per_profile: int = 10) -> dict[str, tuple[list[str], int]]:
    """Per signing profile: the newest series it signs (at most `per_profile`) and how many."""
    with store.reading() as session:
        counts = session.execute(
            select(ReceiptSeriesRecord.profile, func.count()).group_by(ReceiptSeriesRecord.profile)
        ).all()
        found: dict[str, tuple[list[str], int]] = {}
        for profile, count in counts:
            symbols = session.scalars(
                select(ReceiptSeriesRecord.series_symbol)
                .where(ReceiptSeriesRecord.profile == profile)
                .order_by(ReceiptSeriesRecord.id.desc())
                .limit(per_profile)
            ).all()
            found[profile] = (list(symbols), count)
        return found
