"""Where a day's summary goes: one small seam between Sohoa and the tax authority's channel.

Sohoa does not talk to the tax authority itself: a licensed provider (tổ chức cung cấp dịch
vụ hóa đơn điện tử) transmits. `[receipts.daily_data] provider` names the
`DailyDataProvider` that takes each signed summary. Built in: `outbox`
(`receipt_counter/transmission_outbox.py`), a folder the provider's connector picks up.
A connector installed as a Python package registers its own name under the entry-point
group `sohoa.daily_data_providers` (the entry point is a factory taking the settings section
and the data directory); nothing else in Sohoa changes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from importlib.metadata import entry_points
from pathlib import Path
from typing import Protocol

from config import ExitCode, SohoaError
from config.daily_data_settings import DailyDataSettings

ENTRY_POINT_GROUP = "sohoa.daily_data_providers"


@dataclass(frozen=True)
class DailySummaryFile:
    """One signed summary, ready to deliver."""

    name: str
    """`BTH-<form>-<series>-<YYYYMMDD>.xml`."""
    content: bytes
    day: dt.date
    form_symbol: str
    series_symbol: str
    sha256: str


@dataclass(frozen=True)
class DeliveryReceipt:
    provider: str
    reference: str
    """Where it went, as the provider names it: the outbox file, a transaction number."""


class DailyDataProvider(Protocol):
    @property
    def name(self) -> str:
        """The name the settings choose it by."""
        ...

    def deliver(self, summary: DailySummaryFile) -> DeliveryReceipt:
        """Take the summary for good, or raise DeliveryError (and keep nothing of it)."""
        ...


ProviderFactory = Callable[[DailyDataSettings, Path], DailyDataProvider]


class DeliveryError(SohoaError):
    """A summary could not be delivered; nothing was recorded as delivered."""

    exit_code = ExitCode.file_access


def _outbox(settings: DailyDataSettings, data_dir: Path) -> DailyDataProvider:
    from receipt_counter.transmission_outbox import OutboxProvider

    return OutboxProvider.from_settings(settings, data_dir)


BUILT_IN: dict[str, ProviderFactory] = {"outbox": _outbox}


def configured_provider(settings: DailyDataSettings, data_dir: Path) -> DailyDataProvider:
    """The provider the settings name: built in, or registered by an installed connector."""
    factory = BUILT_IN.get(settings.provider)
    if factory is None:
        found = [point for point in entry_points(group=ENTRY_POINT_GROUP)
                 if point.name == settings.provider]  # fmt: skip
        if not found:
            known = ", ".join(sorted({*BUILT_IN, *entry_points(group=ENTRY_POINT_GROUP).names}))
            raise DeliveryError(
                f"No daily data provider is named {settings.provider!r} "
                f"([receipts.daily_data] provider); known: {known}.",
                code="receipt_daily.provider_unknown",
                params={"provider": settings.provider, "known": known},
            )
        factory = found[0].load()
    return factory(settings, data_dir)
