"""What a stored receipt file vouches for: the record hash its QR code must carry.

A signed data message (`BLai`) vouches for the SHA-256 of its signed data only when it
follows the shipped schema and its signature verifies (the check is the caller's, so that
this package stays free of keys and trust roots); a version 1 record, issued before the
signed message, for the hash of the record rebuilt from its content.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from lxml import etree  # type: ignore[import-untyped]

from receipts.receipt_message import ROOT, SIGNED_DATA, message_problem
from receipts.record_v1 import is_version_1, v1_record_sha256

MAX_RECORD_BYTES = 1 << 20  # a receipt's XML is a few kilobytes

SignatureCheck = Callable[[bytes, str], tuple[str | None, str | None]]
"""(the message, the Id of its signed data) → (SHA-256 of the signed data, or None; why not)."""


@dataclass(frozen=True)
class StoredRecord:
    sha256: str | None
    """The record hash the file vouches for; None when it vouches for nothing."""
    problem: str | None = None
    signed: bool = False
    """A signed data message whose signature verified."""


def stored_record(document: bytes, check_signature: SignatureCheck) -> StoredRecord:
    if len(document) > MAX_RECORD_BYTES:
        return StoredRecord(None, "the file is too large to be a receipt")
    try:
        parser = etree.XMLParser(resolve_entities=False, no_network=True)
        root = etree.fromstring(document, parser)
    except etree.XMLSyntaxError as error:
        return StoredRecord(None, f"not XML: {error}")
    if is_version_1(root):
        try:
            return StoredRecord(v1_record_sha256(root))
        except ValueError as error:
            return StoredRecord(None, f"a damaged version 1 record: {error}")
    if root.tag != ROOT:
        return StoredRecord(None, f"not a receipt message (root {root.tag})")
    problem = message_problem(root)
    if problem is not None:
        return StoredRecord(None, problem)
    signed_id = str(root.find(SIGNED_DATA).get("Id"))  # the schema requires both
    digest, problem = check_signature(document, signed_id)
    return StoredRecord(digest, problem, signed=digest is not None)
