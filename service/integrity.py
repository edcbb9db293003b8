"""The whole integrity check: the data directory (`safekeeping`) and the audit trail with
its checkpoints (`audit_trail`), joined into one report for `sohoa check` and `sohoa run`."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from safekeeping.findings import CheckReport
    from store.record import Record


def check_everything(record: Record) -> CheckReport:
    from audit_trail.checkpoints import check_checkpoints
    from queries.audit_trail import verify_audit_chain
    from safekeeping.check import check_data_directory
    from safekeeping.findings import ProblemKind

    report = check_data_directory(record)
    chain = verify_audit_chain(record.store)
    report.count("audit entries", chain.entries)
    if not chain.intact:
        message = f"the audit trail is broken at entry {chain.first_bad_id}: {chain.problem}"
        entry, problem = chain.first_bad_id, chain.problem
        report.found(
            ProblemKind.AUDIT_CHAIN, "audit:chain", None, message, entry=entry, problem=problem
        )
    for finding in check_checkpoints(record):
        report.count("checkpoints")
        if not finding.holds:
            where = record.layout.relative(finding.path)
            message = f"checkpoint {finding.path.name}: {finding.problem}"
            name, problem = finding.path.name, finding.problem
            kind = ProblemKind.AUDIT_CHECKPOINT
            report.found(kind, "audit:chain", where, message, checkpoint=name, problem=problem)
    return report
