"""What a receipt's data must satisfy before it is rendered.

Renderings refuse data they could not show faithfully: a time with no zone, a number out
of range, a symbol or tax code that would break the QR payload, a control character that
XML cannot hold, a missing payer or fee line.
"""

from __future__ import annotations

import re
import unicodedata

from receipts.model import MAX_NUMBER, ReceiptData
from receipts.render_errors import InvalidReceiptError

SYMBOL = re.compile(r"[0-9A-Za-z][0-9A-Za-z./-]{0,29}")
"""Form and series symbols: letters, digits, '.', '/', '-' (e.g. 01BLP0-001, BI-26T)."""
TAX_CODE = re.compile(r"\d{10}(?:-\d{3})?|\d{12}")
"""10 digits, 10 digits and a 3-digit branch suffix, or a 12-digit personal number."""
REFERENCE = re.compile(r"(?P<series>[0-9A-Za-z][0-9A-Za-z./-]{0,29})-(?P<number>\d{7})")
"""A receipt named by another: series symbol, '-', seven-digit number (BI-26T-0000012)."""
MAX_TOTAL = 10**12 - 1
"""Below one thousand billion đồng: anything larger is a typing error on a fee receipt."""


def check_receipt(data: ReceiptData) -> None:
    """Raise InvalidReceiptError naming the first thing that keeps `data` from rendering."""
    where = f"receipt {data.reference}"
    # Each field is named in messages by its caption on the printed receipt as well.
    symbols = (
        ("form symbol", "Mẫu số", data.form_symbol),
        ("series symbol", "Ký hiệu", data.series_symbol),
    )
    for label, caption, symbol in symbols:
        if not SYMBOL.fullmatch(symbol):
            raise InvalidReceiptError(
                f"The {label} {symbol!r} of {where} is not valid: use 1 to 30 letters, digits, "
                "'.', '/' or '-' (e.g. 01BLP0-001, BI-26T).",
                code="receipt_data.symbol_invalid",
                params={"reference": data.reference, "caption": caption, "symbol": symbol},
            )
    if not 1 <= data.number <= MAX_NUMBER:
        raise InvalidReceiptError(
            f"The number of {where} must be between 1 and {MAX_NUMBER} (seven digits).",
            code="receipt_data.number_out_of_range",
            params={"reference": data.reference, "max": MAX_NUMBER},
        )
    moment = data.issued_at
    if moment.tzinfo is None or moment.tzinfo.utcoffset(moment) is None:
        raise InvalidReceiptError(
            f"The issue time of {where} has no time zone: pass an aware datetime (UTC).",
            code="receipt_data.time_without_zone",
            params={"reference": data.reference},
        )
    if not TAX_CODE.fullmatch(data.organization.tax_code):
        raise InvalidReceiptError(
            f"The tax code {data.organization.tax_code!r} of {data.organization.name!r} is not "
            "valid: use 10 digits, 10 digits and a branch suffix (0101234567-001) or 12 digits. "
            "Correct it in the receipt settings.",
            code="receipt_data.tax_code_invalid",
            params={"tax_code": data.organization.tax_code, "organization": data.organization.name},
        )
    _check_texts(data, where)
    _check_lines(data, where)
    if data.replaces is not None and not REFERENCE.fullmatch(data.replaces):
        raise InvalidReceiptError(
            f"{where} replaces {data.replaces!r}, which is not a receipt reference: "
            "write the series symbol and the seven-digit number, e.g. BI-26T-0000012.",
            code="receipt_data.replaces_invalid",
            params={"reference": data.reference, "replaces": data.replaces},
        )


def _check_texts(data: ReceiptData, where: str) -> None:
    required = {
        "organization name": ("Đơn vị thu", data.organization.name),
        "organization address": ("Địa chỉ", data.organization.address),
        "payer": ("Người nộp tiền", data.payer),
    }
    for label, (caption, text) in required.items():
        if not text.strip():
            raise InvalidReceiptError(
                f"The {label} of {where} is empty: fill it in.",
                code="receipt_data.text_empty",
                params={"reference": data.reference, "caption": caption},
            )
    texts = {
        **required,
        "unit": ("Đơn vị", data.unit),
        "dossier code": ("Mã hồ sơ", data.dossier_code or ""),
        **{
            f"fee line {index}": (f"Khoản thu {index}", line.name)
            for index, line in enumerate(data.lines, 1)
        },
        **{
            f"fee code {index}": (f"Mã khoản thu {index}", line.fee_code or "")
            for index, line in enumerate(data.lines, 1)
        },
        **{f"note {index}": (f"Ghi chú {index}", note) for index, note in enumerate(data.notes, 1)},
    }
    for label, (caption, text) in texts.items():
        control = next((char for char in text if unicodedata.category(char) == "Cc"), None)
        if control is not None:
            raise InvalidReceiptError(
                f"The {label} of {where} holds a control character (U+{ord(control):04X}): "
                "remove it; a receipt shows one line of plain text per field.",
                code="receipt_data.control_character",
                params={
                    "reference": data.reference,
                    "caption": caption,
                    "codepoint": f"U+{ord(control):04X}",
                },
            )
    for index, line in enumerate(data.lines, 1):
        if not line.name.strip():
            raise InvalidReceiptError(
                f"Fee line {index} of {where} has no name: fill it in.",
                code="receipt_data.line_name_empty",
                params={"reference": data.reference, "line": index},
            )


def _check_lines(data: ReceiptData, where: str) -> None:
    if not data.lines:
        raise InvalidReceiptError(
            f"{where} has no fee or charge: add at least one line.",
            code="receipt_data.lines_missing",
            params={"reference": data.reference},
        )
    for index, line in enumerate(data.lines, 1):
        if isinstance(line.amount, bool) or not isinstance(line.amount, int) or line.amount <= 0:
            raise InvalidReceiptError(
                f"Fee line {index} of {where} ({line.name!r}) has the amount {line.amount!r}: "
                "amounts are whole numbers of đồng above zero; leave free items off the receipt.",
                code="receipt_data.amount_invalid",
                params={
                    "reference": data.reference,
                    "line": index,
                    "name": line.name,
                    "amount": line.amount,
                },
            )
    if data.total > MAX_TOTAL:
        raise InvalidReceiptError(
            f"The total of {where} ({data.total} đồng) is implausibly large: check the amounts.",
            code="receipt_data.total_too_large",
            params={"reference": data.reference, "total": data.total},
        )
