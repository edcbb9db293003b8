"""Receipt series: set up once a year, read at every issue."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime

from config import Settings
from receipt_counter.errors import ReceiptError
from receipts.model import DEFAULT_RECEIPT_KIND, MAX_KIND_LENGTH, format_reference
from receipts.receipt_text import nfc
from store import audit
from store.database import Session
from store.receipts import series_named
from store.record import Record
from store.schema import ReceiptRecord, ReceiptSeriesRecord
from store.units import unit_id

_YEAR_IN_SYMBOL = re.compile(r"(\d{2})[A-Z]*$")


@dataclass(frozen=True)
class SeriesSpec:
    form_symbol: str
    series_symbol: str
    organization: str
    tax_code: str
    address: str
    unit: str
    profile: str
    kind: str = DEFAULT_RECEIPT_KIND
    """Tên loại biên lai: printed as the receipt's title and written in its XML (THDon)."""


def add_series(record: Record, spec: SeriesSpec, actor: str) -> int:
    check_symbols(record.settings, spec.form_symbol, spec.series_symbol)
    year = series_year(spec.series_symbol)
    kind = receipt_kind(spec.kind)
    if not spec.organization.strip():
        raise ReceiptError(
            "A receipt series needs the collecting body's organization.",
            code="receipt_series.organization_missing",
        )
    if not spec.address.strip():
        raise ReceiptError(
            "A receipt series needs the collecting body's address.",
            code="receipt_series.address_missing",
        )
    if spec.profile not in record.settings.signing.profiles:
        raise ReceiptError(
            f"No signing profile '{spec.profile}' in the settings.",
            code="receipt_series.profile_unknown",
            params={"profile": spec.profile},
        )
    if not re.fullmatch(r"\d{10}(-\d{3})?", spec.tax_code):
        raise ReceiptError(
            f"Tax code '{spec.tax_code}' is not 10 digits (or 10 digits, a dash and 3 more).",
            code="receipt_series.tax_code_invalid",
            params={"tax_code": spec.tax_code},
        )
    with record.store.writing() as session:
        if find_series(session, spec.series_symbol, spec.form_symbol) is not None:
            raise ReceiptError(
                f"Series {spec.form_symbol} {spec.series_symbol} exists already.",
                code="receipt_series.exists",
                params={"form": spec.form_symbol, "series": spec.series_symbol},
            )
        series = ReceiptSeriesRecord(
            form_symbol=spec.form_symbol,
            series_symbol=spec.series_symbol,
            year=year,
            organization=spec.organization,
            tax_code=spec.tax_code,
            address=spec.address,
            unit_id=unit_id(session, spec.unit),
            profile=spec.profile,
            last_number=0,
            created_at=datetime.now(UTC),
            kind_name=kind,
        )
        session.add(series)
        session.flush()
        audit.record(
            session,
            "receipt_series.created",
            f"receipt_series:{series.id}",
            actor,
            form=spec.form_symbol,
            series=spec.series_symbol,
            organization=spec.organization,
            tax_code=spec.tax_code,
            profile=spec.profile,
            kind=kind,
        )
        return series.id


def check_symbols(settings: Settings, form_symbol: str, series_symbol: str) -> None:
    """Refuse a form or series symbol that breaks the structure the settings give (by default
    that of Circular 78/2021/TT-BTC and Decree 123/2020 as the tax authority's deployments
    show it: 01BLP0-001, BI-26T; the exact text of the rule was not at hand)."""
    patterns = settings.receipts
    if not re.fullmatch(patterns.form_symbol_pattern, form_symbol):
        raise ReceiptError(
            f"Form symbol '{form_symbol}' does not have the structure of a receipt form "
            f"symbol ({patterns.form_symbol_pattern}); by default two digits 01-09, 'BLP', one "
            "digit, '-' or '/', then three digits, as in 01BLP0-001.",
            code="receipt_series.form_symbol_invalid",
            params={"form": form_symbol, "pattern": patterns.form_symbol_pattern},
        )
    if not re.fullmatch(patterns.series_symbol_pattern, series_symbol):
        raise ReceiptError(
            f"Series symbol '{series_symbol}' does not have the structure of a receipt series "
            f"symbol ({patterns.series_symbol_pattern}); by default two optional digits, two "
            "capital letters, '-' or '/', the year's last two digits, then E, T or P, as in "
            "BI-26T.",
            code="receipt_series.series_symbol_invalid",
            params={"series": series_symbol, "pattern": patterns.series_symbol_pattern},
        )


def receipt_kind(text: str) -> str:
    """The kind as stored and printed: one line of NFC text, the default when none is given."""
    kind = nfc(" ".join(text.split())) or DEFAULT_RECEIPT_KIND
    if len(kind) > MAX_KIND_LENGTH:
        raise ReceiptError(
            f"The receipt kind '{kind}' is longer than {MAX_KIND_LENGTH} characters.",
            code="receipt_series.kind_too_long",
            params={"kind": kind, "max": MAX_KIND_LENGTH},
        )
    return kind


def series_year(series_symbol: str) -> int:
    """The year a series is for: the two digits its symbol ends with (BI-26T → 2026)."""
    found = _YEAR_IN_SYMBOL.search(series_symbol.strip().upper())
    if found is None:
        raise ReceiptError(
            f"Series symbol '{series_symbol}' does not end in the year's two digits "
            "(optionally followed by letters), as in BI-26T.",
            code="receipt_series.symbol_without_year",
            params={"series": series_symbol},
        )
    return 2000 + int(found.group(1))


def find_series(
    session: Session, series_symbol: str, form_symbol: str | None = None
) -> ReceiptSeriesRecord | None:
    found = series_named(session, series_symbol, form_symbol)
    if len(found) > 1:
        forms = ", ".join(series.form_symbol for series in found)
        raise ReceiptError(
            f"Series {series_symbol} exists under several forms ({forms}): name the form too.",
            code="receipt.series_ambiguous",
            params={"series": series_symbol, "forms": forms},
        )
    return found[0] if found else None


def receipt_reference(session: Session, receipt_id: int | None) -> str | None:
    """A receipt as printed and referred to: series symbol and seven-digit number."""
    if receipt_id is None:
        return None
    receipt = session.get_one(ReceiptRecord, receipt_id)
    series = session.get_one(ReceiptSeriesRecord, receipt.series_id)
    return format_reference(series.series_symbol, receipt.number)
