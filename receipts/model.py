"""A receipt as data: every field Decree 123/2020 Art. 32 asks for, and what Sohoa adds.

Amounts are integers of đồng. Times are aware; shown in Vietnam time.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum

# The tax authority's name for a fee receipt without a printed value, in its list of receipt
# kinds under Decree 70/2025/NĐ-CP (the registration form 01/ĐKTĐ-CTĐT; the wording before
# it was "Biên lai thu phí, lệ phí không có mệnh giá"); a series may name another kind of
# that list (`sohoa receipts series add --kind`). The receipt prints its kind as its title.
DEFAULT_RECEIPT_KIND = "Biên lai thu thuế, phí, lệ phí không in sẵn mệnh giá"
KNOWN_RECEIPT_KINDS = (
    DEFAULT_RECEIPT_KIND,
    "Biên lai thu thuế, phí, lệ phí in sẵn mệnh giá",
    "Biên lai thu phí, lệ phí không có mệnh giá",
    "Biên lai thu phí, lệ phí có mệnh giá",
)
"""Kinds offered where a series is added (any other may be typed): the two of Decree
123/2020 Art. 30 as amended by Decree 70/2025 and their wording before it, as the tax
authority's forms and viewers show them; the decree's text was not at hand to confirm the
list."""
MAX_KIND_LENGTH = 100
"""What the XML's THDon holds (receipts/schemas/BLai.xsd)."""
MAX_NUMBER = 9_999_999  # at most 7 digits


class FeeKind(StrEnum):
    FEE = "phí"
    CHARGE = "lệ phí"


class PaymentMethod(StrEnum):
    CASH = "cash"  # Tiền mặt
    TRANSFER = "transfer"  # Chuyển khoản
    QR = "qr"  # Chuyển khoản qua mã QR


@dataclass(frozen=True)
class Organization:
    name: str
    tax_code: str
    address: str


@dataclass(frozen=True)
class ReceiptLine:
    name: str
    """The fee or charge, as the catalogue names it."""
    kind: FeeKind
    amount: int
    fee_code: str | None = None
    """The procedure code it comes from in the fee catalogue, if any."""


@dataclass(frozen=True)
class ReceiptData:
    form_symbol: str
    """Ký hiệu mẫu biên lai, e.g. 01BLP0-001."""
    series_symbol: str
    """Ký hiệu biên lai, ending in the two digits of the year, e.g. BI-26T."""
    number: int
    """1 … 9,999,999 within the series and calendar year."""
    issued_at: dt.datetime
    organization: Organization
    unit: str
    payer: str
    dossier_code: str | None
    lines: tuple[ReceiptLine, ...]
    method: PaymentMethod
    replaces: str | None = None
    """The receipt this one replaces, as 'series-number' (e.g. BI-26T-0000012)."""
    notes: tuple[str, ...] = field(default=())
    collector: str = ""
    """Họ tên người thu tiền: the full name of the person who issued the receipt."""
    kind_name: str = DEFAULT_RECEIPT_KIND
    """Tên loại biên lai, as the series names it (the tax authority's list of kinds)."""

    @property
    def total(self) -> int:
        return sum(line.amount for line in self.lines)

    @property
    def number_text(self) -> str:
        """The number as printed: seven digits."""
        return format_number(self.number)

    @property
    def reference(self) -> str:
        return format_reference(self.series_symbol, self.number)


def format_number(number: int) -> str:
    """A receipt number as printed: seven digits."""
    return f"{number:07d}"


def format_reference(series_symbol: str, number: int) -> str:
    """A receipt as printed and referred to: series symbol and number, e.g. BI-26T-0000012."""
    return f"{series_symbol}-{format_number(number)}"
