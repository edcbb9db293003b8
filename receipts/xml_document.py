"""What the receipt message and the daily summary share as XML documents: their elements
written the same way, their stored bytes, and where one breaks its shipped XSD
(receipts/schemas).

Each schema is loaded once per thread: an lxml schema must not validate in two threads at
once, and counters and job threads validate side by side.
"""

from __future__ import annotations

import threading
from pathlib import Path

from lxml import etree  # type: ignore[import-untyped]

_loaded = threading.local()


def add_text(parent: etree._Element, name: str, value: str) -> None:
    etree.SubElement(parent, name).text = value


def stored_bytes(root: etree._Element) -> bytes:
    """The document as stored: UTF-8 with an XML declaration, written as signed (no
    re-indenting: whitespace inside the signed data is part of what is signed)."""
    document: bytes = etree.tostring(root, encoding="UTF-8", xml_declaration=True)
    return document + b"\n"


def schema_problem(schema: Path, root: etree._Element) -> str | None:
    """Where `root` breaks the XSD at `schema`; None when it is valid."""
    loaded = _schema(schema)
    if loaded.validate(root):
        return None
    first = loaded.error_log.last_error
    return f"line {first.line}: {first.message}" if first is not None else "invalid"


def _schema(path: Path) -> etree.XMLSchema:
    schemas: dict[Path, etree.XMLSchema] | None = getattr(_loaded, "schemas", None)
    if schemas is None:
        schemas = _loaded.schemas = {}
    if path not in schemas:
        schemas[path] = etree.XMLSchema(etree.parse(str(path)))
    return schemas[path]
