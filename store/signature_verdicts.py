"""What the last verification of each signed output found, kept on its document.

`sohoa verify` (every signed output with `--all`, or those of a dossier or a batch) checks
each against the configured trust roots and records here whether it verified and the
SHA-256 of the bytes it verified. The rates (`queries.digitization`) count a document as
signed only when that verdict is valid and was reached on the bytes Sohoa wrote last
(`output_sha256`): a signature that fails, an output changed since, or one never verified
does not count as signed. (The integrity check, `sohoa check`, writes nothing, by design.)
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import update
from sqlalchemy.orm import Session

from store.schema import DocumentRecord


@dataclass(frozen=True)
class SignatureVerdict:
    output_path: str
    """Relative to the data directory, as `documents.output_path` holds it."""
    sha256: str
    """Of the output file as it was verified."""
    valid: bool


def record_signature_verdicts(session: Session, verdicts: Iterable[SignatureVerdict]) -> None:
    """Keep each verdict on the signed document whose output it is."""
    now = datetime.now(UTC)
    for verdict in verdicts:
        session.execute(
            update(DocumentRecord)
            .where(
                DocumentRecord.output_path == verdict.output_path,
                DocumentRecord.signed_at.is_not(None),
            )
            .values(
                signature_valid=verdict.valid,
                signature_checked_sha256=verdict.sha256,
                signature_checked_at=now,
            )
        )
