"""Receipts issued before the signed XML data message: Sohoa's version 1 XML record.

Such a file (`<receipt xmlns="urn:sohoa:bien-lai:1" version="1" sha256="…">`, one child
element per field of the receipt's record, English names) was not signed; the receipt's
QR code carries the SHA-256 of the record's canonical JSON (keys sorted, no spaces, UTF-8,
null for an absent value). The record is rebuilt here from the file's own content, so a
changed character anywhere in it changes the hash: old receipts stay checkable.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from lxml import etree  # type: ignore[import-untyped]

NAMESPACE = "urn:sohoa:bien-lai:1"
ROOT = f"{{{NAMESPACE}}}receipt"
_INTEGERS = {"number", "total", "position", "amount"}
_NULLABLE = {"dossier_code", "replaces"}
_LINE_NULLABLE = {"fee_code"}
_LISTS = {"lines": "line", "notes": "note"}


def is_version_1(root: etree._Element) -> bool:
    return bool(root.tag == ROOT)


def v1_record_sha256(root: etree._Element) -> str:
    """SHA-256 of the canonical JSON of the record the version 1 file holds."""
    record: dict[str, Any] = {"version": root.get("version")}
    record.update(_fields(root, _NULLABLE))
    text = json.dumps(
        record, ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False
    )
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _fields(element: etree._Element, nullable: set[str]) -> dict[str, Any]:
    fields: dict[str, Any] = dict.fromkeys(nullable)
    for child in element:
        name = etree.QName(child).localname
        if name in _LISTS:
            fields[name] = [_item(item) for item in child]
        elif len(child):
            fields[name] = _fields(child, set())
        else:
            fields[name] = _value(name, child.text)
    return fields


def _item(item: etree._Element) -> Any:
    if len(item):
        return _fields(item, _LINE_NULLABLE)
    return item.text or ""


def _value(name: str, text: str | None) -> Any:
    return int(text or "") if name in _INTEGERS else text or ""
