"""The scheduled pass that adds long-term validation data to signed outputs.

A document is taken once its signature is made; it is done when its validation data is
in (`ltv_at`). A failure (a CRL server down) leaves it for the next pass.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime

from config import SohoaError
from runtime.events import Event, EventSink, error_details, ignore
from signing.configured import configured_trust_roots
from signing.ltv import add_validation_data
from store import audit
from store.archive import sha256_of
from store.batches import signed_outputs_without_validation_data
from store.record import Record
from store.schema import DocumentRecord

log = logging.getLogger("sohoa.jobs")


@dataclass
class LtvPassResult:
    done: list[int] = field(default_factory=list)
    failed: dict[int, str] = field(default_factory=dict)


def add_long_term_validation(record: Record, emit: EventSink = ignore) -> LtvPassResult:
    """Add validation data to every signed output that lacks it, one document at a time."""
    result = LtvPassResult()
    roots = configured_trust_roots(record.settings)
    for document_id, output_path, profile in _waiting(record):
        described = record.settings.signing.profiles.get(profile)
        timestamp_url = described.timestamp_url if described is not None else None
        try:
            added = add_validation_data(
                record.layout.absolute(output_path), roots, timestamp_url=timestamp_url
            )
        except SohoaError as error:
            result.failed[document_id] = str(error)
            details = {"document": document_id, "reason": str(error), **error_details(error)}
            emit(Event("document.validation_data_failed", str(error), details))
            continue
        output_sha256 = sha256_of(record.layout.absolute(output_path))
        with record.store.writing() as session:
            document = session.get_one(DocumentRecord, document_id)
            document.ltv_at = datetime.now(UTC)
            document.output_sha256 = output_sha256
            audit.record(
                session,
                "document.validation_data_added",
                f"document:{document_id}",
                signatures=added.signatures,
                document_timestamp=added.document_timestamp_field,
            )
        result.done.append(document_id)
    if result.done or result.failed:
        message = f"validation data added to {len(result.done)} signed outputs"
        if result.failed:
            message += f", {len(result.failed)} left for the next pass"
        details = {"done": len(result.done), "failed": len(result.failed)}
        emit(Event("signing.ltv_pass", message, details))
    return result


def _waiting(record: Record) -> list[tuple[int, str, str]]:
    """(document, output, profile that signed it) for signed outputs without LTV data."""
    with record.store.reading() as session:
        return signed_outputs_without_validation_data(session)
