"""Checks an auditor makes through the web, each kept as an entry of the trail.

A verification of the chain or of a document's signatures is recorded with its result, so
that what the auditor was shown can be found again by its entry id, and so that a later
check can be compared with an earlier one (removing the newest entries leaves a shorter
chain that still verifies: the entry counts recorded here tell).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from signing.verify import VerifyReport
from store import audit
from store.database import Store
from store.schema import AuditRecord

CHAIN_VERIFIED = "audit.verified"
SIGNATURES_VERIFIED = "document.signatures_verified"


@dataclass(frozen=True)
class CheckEntry:
    id: int
    at: str
    actor: str
    action: str
    subject: str
    details: dict[str, Any]


def verify_and_record_chain(store: Store, actor: str) -> int:
    """Walk the chain, then append the result; the new entry's id."""
    with store.reading() as session:
        report = audit.verify_chain(session)
    with store.writing() as session:
        entry = audit.record(
            session,
            CHAIN_VERIFIED,
            "audit:chain",
            actor,
            entries=report.entries,
            intact=report.intact,
            first_bad_id=report.first_bad_id,
            problem=report.problem,
        )
        return entry.id


def record_signature_check(
    store: Store, document_id: int, output: str, report: VerifyReport, actor: str
) -> int:
    """Append the verification report of a document's output (named by its path under
    the data directory); the new entry's id."""
    details = report.to_dict()
    details.pop("path", None)
    with store.writing() as session:
        entry = audit.record(
            session, SIGNATURES_VERIFIED, f"document:{document_id}", actor, file=output, **details
        )
        return entry.id


def find_check(store: Store, entry_id: int, action: str) -> CheckEntry | None:
    """The entry `entry_id` if it records a check of kind `action`."""
    with store.reading() as session:
        entry = session.get(AuditRecord, entry_id)
        if entry is None or entry.action != action:
            return None
        return CheckEntry(
            entry.id, entry.at, entry.actor, entry.action, entry.subject, json.loads(entry.details)
        )
