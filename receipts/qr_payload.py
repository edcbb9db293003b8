"""The text in a receipt's QR code, which lets anyone check the receipt.

Format, version 1: eight fields separated by '|' (U+007C), ASCII only, no spaces:

    SOHOA-BL1|<tax code>|<form symbol>|<series symbol>|<number>|<date>|<total>|<sha256>

- `SOHOA-BL1`: the format and its version ("BL" for biên lai).
- tax code: the collecting organization's mã số thuế (10 digits, 10-3 with a branch
  suffix, or 12 digits). Series and numbers are only unique per organization.
- form symbol: ký hiệu mẫu biên lai, e.g. `01BLP0-001`.
- series symbol: ký hiệu biên lai, e.g. `BI-26T`.
- number: the receipt number as printed, exactly seven digits, e.g. `0000012`.
- date: the issue date in Vietnam time, `YYYY-MM-DD`.
- total: the total in đồng, plain digits with no separators, e.g. `2082000`.
- sha256: 64 lowercase hex digits, the SHA-256 of the signed data of the receipt's XML
  data message: the inclusive C14N 1.0 form of its `DLBLai` element, what the XML
  signature's first Reference digests (`receipts.receipt_message.record_sha256`). Receipts
  issued before the signed message carry the SHA-256 of their version 1 record
  (`receipts.record_v1`).

Example (130 characters with a 10-digit tax code; a version 8 QR code, 49 × 49 modules at
error correction level M):

    SOHOA-BL1|0101234567|01BLP0-001|BI-26T|0000012|2026-10-08|2082000|<64 hex digits>

Symbols hold only letters, digits, '.', '/' and '-', so '|' never occurs inside a field.
The payload names no person: the payer's name stays on the paper. Anyone can read the
number, series, date and total and compare them with the printed receipt; whoever holds
the issued record (the office, the tax authority's copy, a verification page) can
recompute the hash and so confirm that no field of the record was changed.

Where the office publishes its check page (setting `receipts.check_url`), the QR code holds
a link to it instead, the payload percent-encoded in the `ma` query parameter
(`payload_link`): a phone camera then opens the check. The payload inside is the same, and
`parse_payload` reads either form.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from urllib.parse import parse_qs, quote, urlsplit

from receipts.model import ReceiptData, format_number, format_reference
from receipts.receipt_checks import SYMBOL, TAX_CODE
from receipts.receipt_message import record_sha256
from receipts.receipt_text import vietnam_time
from receipts.render_errors import InvalidPayloadError

PAYLOAD_PREFIX = "SOHOA-BL1"
SEPARATOR = "|"
_NUMBER = re.compile(r"\d{7}")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_TOTAL = re.compile(r"0|[1-9]\d{0,17}")
_SHA256 = re.compile(r"[0-9a-f]{64}")
_LINK = re.compile(r"https?://", re.IGNORECASE)
LINK_PARAMETER = "ma"


@dataclass(frozen=True)
class QrPayload:
    tax_code: str
    form_symbol: str
    series_symbol: str
    number: int
    issued_on: dt.date
    """The issue date in Vietnam time."""
    total: int
    """Đồng."""
    sha256: str
    """SHA-256 of the signed data of the receipt's message, 64 lowercase hex digits."""

    @property
    def number_text(self) -> str:
        return format_number(self.number)

    @property
    def reference(self) -> str:
        """The receipt as other receipts name it, e.g. BI-26T-0000012."""
        return format_reference(self.series_symbol, self.number)

    @property
    def text(self) -> str:
        """The payload as encoded in the QR code."""
        return SEPARATOR.join(
            (
                PAYLOAD_PREFIX,
                self.tax_code,
                self.form_symbol,
                self.series_symbol,
                self.number_text,
                self.issued_on.isoformat(),
                str(self.total),
                self.sha256,
            )
        )


def build_payload(data: ReceiptData) -> QrPayload:
    """The QR payload of a receipt; its hash covers the signed data of its message."""
    digest = record_sha256(data)  # checks the data first
    return QrPayload(
        tax_code=data.organization.tax_code,
        form_symbol=data.form_symbol,
        series_symbol=data.series_symbol,
        number=data.number,
        issued_on=vietnam_time(data.issued_at).date(),
        total=data.total,
        sha256=digest,
    )


def payload_link(payload: str, check_url: str) -> str:
    """What the QR code holds: the payload itself, or with a check page set, the page's
    address with the payload in its `ma` parameter."""
    if not check_url:
        return payload
    return f"{check_url}?{LINK_PARAMETER}={quote(payload, safe='')}"


def parse_payload(text: str) -> QrPayload:
    """Read a payload back, bare or inside a check-page link; raise InvalidPayloadError if
    `text` is neither.

    Surrounding whitespace (a scanner's trailing newline) is ignored; the hash may be in
    upper case.
    """
    fields = _unlinked(text.strip()).split(SEPARATOR)
    if len(fields) != 8 or fields[0] != PAYLOAD_PREFIX:
        shown = text if len(text) <= 80 else f"{text[:77]}..."
        raise InvalidPayloadError(
            f"This is not a Sohoa receipt code: {shown!r}. Expected eight fields separated by "
            f"'|', starting with {PAYLOAD_PREFIX}.",
            code="receipt_code.not_sohoa",
            params={"text": shown},
        )
    _, tax_code, form_symbol, series_symbol, number, date, total, digest = fields
    digest = digest.lower()
    checks = (  # with each field's caption on the printed receipt
        ("tax code", "Mã số thuế", tax_code, TAX_CODE),
        ("form symbol", "Mẫu số", form_symbol, SYMBOL),
        ("series symbol", "Ký hiệu", series_symbol, SYMBOL),
        ("number", "Số", number, _NUMBER),
        ("date", "Ngày", date, _DATE),
        ("total", "Tổng cộng", total, _TOTAL),
        ("SHA-256", "Mã kiểm tra (SHA-256)", digest, _SHA256),
    )
    for label, caption, value, pattern in checks:
        if not pattern.fullmatch(value):
            raise InvalidPayloadError(
                f"The {label} {value!r} in this receipt code is malformed: the code was "
                "damaged or not made by Sohoa. Check the printed receipt instead.",
                code="receipt_code.field_malformed",
                params={"caption": caption, "value": value},
            )
    try:
        issued_on = dt.date.fromisoformat(date)
    except ValueError as error:
        raise InvalidPayloadError(
            f"The date {date!r} in this receipt code is not a real date: the code was "
            "damaged or not made by Sohoa.",
            code="receipt_code.date_unreal",
            params={"date": date},
        ) from error
    if int(number) == 0:
        raise InvalidPayloadError(
            "The number in this receipt code is 0000000: no receipt has it.",
            code="receipt_code.number_zero",
        )
    return QrPayload(
        tax_code=tax_code,
        form_symbol=form_symbol,
        series_symbol=series_symbol,
        number=int(number),
        issued_on=issued_on,
        total=int(total),
        sha256=digest,
    )


def _unlinked(text: str) -> str:
    """The payload inside a check-page link (`…?ma=SOHOA-BL1%7C…`); other text as it is."""
    if not _LINK.match(text):
        return text
    try:
        query = urlsplit(text).query
    except ValueError:  # a malformed address, such as an unclosed "[" of an IPv6 host
        return ""
    values = parse_qs(query).get(LINK_PARAMETER, [])
    return values[0].strip() if len(values) == 1 else ""
