"""The integrity check (`sohoa check`): the data directory against its record.

It reads and hashes, and never changes anything: every archived original, every output,
every signed file and receipt, and the inbox. The audit chain and its checkpoints are
checked by the audit trail's own use case; the face joins both reports (`service`).
"""

from __future__ import annotations

from safekeeping.document_checks import check_documents
from safekeeping.findings import CheckReport
from safekeeping.inbox_check import check_inbox
from safekeeping.receipt_checks import check_receipts
from signing.configured import configured_trust_roots
from store.inventory import document_files, receipt_files
from store.record import Record


def check_data_directory(record: Record) -> CheckReport:
    report = CheckReport()
    with record.store.reading() as session:
        documents = document_files(session)
        receipts = receipt_files(session)
    roots = configured_trust_roots(record.settings)
    check_documents(documents, record.layout, roots, report)
    check_receipts(receipts, record.layout, roots, report)
    check_inbox(record.layout, record.settings.check.inbox_max_hours, report)
    return report
