"""The audit trail's proof as the web's rates and receipt-usage reports and their files print
it: the official Vietnamese sentence (the command line words it in its own language, see
`service.report_words`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from store.record import Record


def trail_proof_line(record: Record) -> str:
    from audit_trail.checkpoints import trail_proof
    from reports.trail_proof import describe_trail_proof

    return describe_trail_proof(trail_proof(record))
