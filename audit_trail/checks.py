"""Checks an auditor makes, each kept as an entry of the trail.

A verification of the chain or of a document's signatures is recorded with its result, so
that what the auditor was shown can be found again by its entry id (`queries.audit_trail`),
and so that a later check can be compared with an earlier one (removing the newest entries
leaves a shorter chain that still verifies: the entry counts recorded here tell).
"""

from __future__ import annotations

from queries.audit_trail import CHAIN_VERIFIED, SIGNATURES_VERIFIED, verify_audit_chain
from signing.verify import VerifyReport
from store import audit
from store.database import Store


def verify_and_record_chain(store: Store, actor: str) -> int:
    """Walk the chain, then append the result; the new entry's id."""
    report = verify_audit_chain(store)
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
