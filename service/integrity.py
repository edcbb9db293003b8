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
    from safekeeping.findings import Problem, ProblemKind

    report = check_data_directory(record)
    chain = verify_audit_chain(record.store)
    report.count("audit entries", chain.entries)
    if not chain.intact:
        message = f"the audit trail is broken at entry {chain.first_bad_id}: {chain.problem}"
        report.problems.append(Problem(ProblemKind.AUDIT_CHAIN, "audit:chain", None, message))
    for finding in check_checkpoints(record):
        report.count("checkpoints")
        if not finding.holds:
            where = record.layout.relative(finding.path)
            message = f"checkpoint {finding.path.name}: {finding.problem}"
            problem = Problem(ProblemKind.AUDIT_CHECKPOINT, "audit:chain", where, message)
            report.problems.append(problem)
    return report
