"""The complete record of a receipt: a JSON-ready dict, its canonical bytes, and XML.

The tax authority's schema for receipts is not published, so Sohoa exports every field
under its own names and a connector maps them. The record (version "1"):

    version              "1"
    type_name            "BIÊN LAI THU PHÍ, LỆ PHÍ"
    form_symbol          ký hiệu mẫu, e.g. "01BLP0-001"
    series_symbol        ký hiệu, e.g. "BI-26T"
    number               1 … 9999999
    number_text          seven digits, e.g. "0000012"
    issued_at            ISO 8601 in Vietnam time to the second, "2026-10-08T09:30:00+07:00"
    issued_on            the date in Vietnam time, "2026-10-08"
    organization         {"name", "tax_code", "address"}: the collecting organization
    unit                 the Sohoa unit (inbox folder) that issued it
    payer                người nộp tiền
    dossier_code         mã hồ sơ, or null
    lines                [{"position" (1, 2, …), "name", "kind" ("phí" | "lệ phí"),
                           "kind_name" ("Phí" | "Lệ phí"), "amount", "fee_code" or null}]
    total                đồng, integer
    total_text           as printed, "2.082.000"
    total_in_words       "Hai triệu không trăm tám mươi hai nghìn đồng"
    currency             "VND"
    payment_method       "cash" | "transfer" | "qr"
    payment_method_name  "Tiền mặt" | "Chuyển khoản" | "Chuyển khoản qua mã QR"
    replaces             the replaced receipt as "BI-26T-0000012", or null
    notes                [text, …]

Every string is NFC. Amounts are integers of đồng; there are no floating-point numbers.

Canonical bytes (what the receipt's QR hashes): the record as JSON with keys sorted, no
whitespace between tokens (separators "," and ":"), non-ASCII characters written as
UTF-8 rather than \\u escapes, null for absent values, encoded in UTF-8. Because the
record holds only ASCII keys, integers and strings without control characters, this is
also its RFC 8785 (JCS) form, so any language can recompute it.

The XML mirrors the record one to one in the namespace `urn:sohoa:bien-lai:1`: the root
`receipt` carries `version` and `sha256` (of the canonical bytes) as attributes; each
key is a child element of the same name; a list is an element holding one `line` or
`note` per item; null values are left out.
"""

from __future__ import annotations

import hashlib
import json
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from typing import Any

from receipts.amount_words import amount_in_words
from receipts.model import RECEIPT_TYPE_NAME, ReceiptData
from receipts.receipt_checks import check_receipt
from receipts.receipt_text import KIND_NAMES, METHOD_NAMES, format_amount, nfc, vietnam_time

RECORD_VERSION = "1"
RECORD_NAMESPACE = "urn:sohoa:bien-lai:1"
CURRENCY = "VND"
_LIST_ITEMS = {"lines": "line", "notes": "note"}


def receipt_record(data: ReceiptData) -> dict[str, Any]:
    """Every field of the receipt as a JSON-ready dict (see the module docstring)."""
    check_receipt(data)
    local = vietnam_time(data.issued_at)
    organization = data.organization
    return {
        "version": RECORD_VERSION,
        "type_name": nfc(RECEIPT_TYPE_NAME),
        "form_symbol": data.form_symbol,
        "series_symbol": data.series_symbol,
        "number": data.number,
        "number_text": data.number_text,
        "issued_at": local.isoformat(timespec="seconds"),
        "issued_on": local.date().isoformat(),
        "organization": {
            "name": nfc(organization.name),
            "tax_code": organization.tax_code,
            "address": nfc(organization.address),
        },
        "unit": nfc(data.unit),
        "payer": nfc(data.payer),
        "dossier_code": None if data.dossier_code is None else nfc(data.dossier_code),
        "lines": [
            {
                "position": position,
                "name": nfc(line.name),
                "kind": str(line.kind),
                "kind_name": KIND_NAMES[line.kind],
                "amount": line.amount,
                "fee_code": None if line.fee_code is None else nfc(line.fee_code),
            }
            for position, line in enumerate(data.lines, 1)
        ],
        "total": data.total,
        "total_text": format_amount(data.total),
        "total_in_words": nfc(amount_in_words(data.total)),
        "currency": CURRENCY,
        "payment_method": str(data.method),
        "payment_method_name": METHOD_NAMES[data.method],
        "replaces": data.replaces,
        "notes": [nfc(note) for note in data.notes],
    }


def canonical_json(record: Mapping[str, Any]) -> bytes:
    """The canonical bytes of a record: sorted keys, no spaces, UTF-8 (see above)."""
    text = json.dumps(
        record, ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False
    )
    return text.encode("utf-8")


def record_sha256(data: ReceiptData) -> str:
    """The SHA-256 of the receipt's canonical record, 64 lowercase hex digits."""
    return hashlib.sha256(canonical_json(receipt_record(data))).hexdigest()


def render_receipt_xml(data: ReceiptData) -> bytes:
    """The record as an XML document in UTF-8, with an XML declaration."""
    record = receipt_record(data)
    # ElementTree cannot write a default namespace beside unqualified attributes, so the
    # elements are unqualified and the root declares the namespace they fall into.
    root = ET.Element(
        "receipt",
        {
            "xmlns": RECORD_NAMESPACE,
            "version": record["version"],
            "sha256": hashlib.sha256(canonical_json(record)).hexdigest(),
        },
    )
    for key, value in record.items():
        if key != "version":
            _add(root, key, value)
    ET.indent(root)
    document: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return document + b"\n"


def _add(parent: ET.Element, key: str, value: Any) -> None:
    if value is None:
        return
    element = ET.SubElement(parent, key)
    if isinstance(value, Mapping):
        for child_key, child_value in value.items():
            _add(element, child_key, child_value)
    elif isinstance(value, list):
        for item in value:
            _add(element, _LIST_ITEMS[key], item)
    else:
        element.text = str(value)
