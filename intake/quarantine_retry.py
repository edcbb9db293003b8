"""A clerk tries a quarantined document again: back to received, its digitize job queued anew.

The copy and reason file set aside in `quarantine/<unit>/` stay where they are; if the job
fails again, a new copy and reason are written beside them.
"""

from __future__ import annotations

from config import SohoaError
from config.errors import ExitCode, NotFoundError
from intake.register import DIGITIZE
from runtime.context import JobContext
from runtime.leases import add_job
from store import audit
from store.jobs import find_job_of_document
from store.schema import DocumentRecord, JobRecord
from store.states import DocumentStatus, JobStatus


class RetryRefusedError(SohoaError):
    """The document is not waiting in quarantine (Vietnamese: the clerk reads it)."""

    exit_code = ExitCode.bad_args


class QuarantinedDocumentNotFoundError(RetryRefusedError, NotFoundError):
    pass


def retry_quarantined(context: JobContext, document_id: int, actor: str) -> int:
    """Queue the document's digitize job again; return the job's id."""
    with context.store.writing() as session:
        document = session.get(DocumentRecord, document_id)
        if document is None:
            raise QuarantinedDocumentNotFoundError(
                f"Không có tài liệu số {document_id}.",
                code="quarantine.document_not_found",
                params={"document": document_id},
            )
        if document.status != DocumentStatus.QUARANTINED:
            raise RetryRefusedError(
                f"Tài liệu «{document.original_name}» không nằm trong danh sách cần xem lại "
                "nên không thử lại được (có thể người khác đã thử lại).",
                code="quarantine.not_quarantined",
                params={"document": document_id, "name": document.original_name},
            )
        job = find_job_of_document(session, document.id, DIGITIZE)
        if job is None:
            job = add_job(session, document.id, DIGITIZE)
        previous = document.notes
        document.status = DocumentStatus.RECEIVED
        document.notes = ""
        _requeue(job)
        audit.record(
            session,
            "document.retried",
            f"document:{document.id}",
            actor,
            job=job.id,
            previous_reason=previous,
        )
        job_id = job.id
    context.queue.submit(job_id)
    return job_id


def _requeue(job: JobRecord) -> None:
    job.status = JobStatus.QUEUED
    job.attempts = 0
    job.last_error = None
    job.worker = None
    job.started_at = None
    job.finished_at = None
    job.retry_at = None
    job.seconds = None
