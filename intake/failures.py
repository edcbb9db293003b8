"""A job that failed: try again later when the trouble may pass, else set the file aside.

Setting aside copies the archived original to `quarantine/<unit>/` with a `.reason.txt` in
Vietnamese and English; the archived original itself stays where it is.
"""

from __future__ import annotations

import logging
from pathlib import Path
from zoneinfo import ZoneInfo

from config import SohoaError
from digitizer import DigitizeError
from intake.claims import Claim
from intake.context import IntakeContext
from intake.reasons import reason_file_text, vietnamese_reason, write_reason_beside
from runtime.events import Event
from runtime.leases import finish_job
from runtime.retries import retry_later
from store import audit
from store.files import durable_copy, free_name
from store.schema import DocumentRecord, JobRecord
from store.states import DocumentStatus, JobStatus

log = logging.getLogger("sohoa.jobs")
VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")


def fail(context: IntakeContext, claimed: Claim, error: Exception, workdir: Path) -> None:
    described = describe(error, claimed.original_name)
    retryable = not isinstance(error, SohoaError) or error.retryable
    troubled = claimed.attempt - claimed.interruptions  # a power cut is not the file's trouble
    if retryable and troubled < context.settings.jobs.max_attempts:
        retry_later(context, claimed.job_id, claimed.attempt, error, described)
    else:
        if not isinstance(error, SohoaError):
            log.error("document %s failed unexpectedly", claimed.document_id, exc_info=error)
        _quarantine(context, claimed, error, described)


def describe(error: Exception, original_name: str) -> str:
    if isinstance(error, DigitizeError):
        return f"{original_name}: {error.reason}"
    if isinstance(error, SohoaError):
        return str(error)
    return f"{original_name}: unexpected failure ({type(error).__name__}: {error})"


def _quarantine(context: IntakeContext, claimed: Claim, error: Exception, described: str) -> None:
    folder = context.layout.quarantine / claimed.unit
    clerk_reason = vietnamese_reason(error)
    with context.store.writing() as session:
        document = session.get_one(DocumentRecord, claimed.document_id)
        target = free_name(folder, claimed.original_name)
        copy = context.layout.relative(target)
        durable_copy(claimed.archive_path, target)
        received = claimed.received_at.astimezone(VIETNAM).isoformat(timespec="seconds")
        reason = reason_file_text(claimed.original_name, clerk_reason, described, received)
        write_reason_beside(target, reason)
        document.status = DocumentStatus.QUARANTINED
        document.notes = described
        finish_job(session, session.get_one(JobRecord, claimed.job_id), JobStatus.FAILED, described)
        audit.record(
            session, "document.quarantined", f"document:{document.id}", reason=described, copy=copy
        )
    context.counters.bump("quarantined")
    details = {
        "document": claimed.document_id,
        "file": claimed.original_name,
        "copy": copy,
        "clerk_reason": clerk_reason,
    }
    context.emit(Event("document.quarantined", f"{described} (set aside in {copy})", details))
