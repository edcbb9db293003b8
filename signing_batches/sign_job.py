"""Sign one output of an approved batch. Idempotent: a repeated run finds the work done.

The signed file is written beside the output, its hash recorded, then renamed over the
output. A crash anywhere leaves either the submitted bytes (signed again on the next run)
or the recorded signed bytes (only the bookkeeping is finished).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from config import SohoaError
from runtime.events import Event, error_details
from runtime.leases import finish_job, start_job, takeable
from runtime.retries import retry_later
from signing.configured import configured_profile
from signing_batches.context import SigningContext
from signing_batches.finish import finish_batch_if_done
from store import audit
from store.batches import item_to_sign
from store.files import durable_move
from store.schema import BatchItemRecord, DocumentRecord, JobRecord
from store.states import BatchItemState, BatchState, JobStatus

log = logging.getLogger("sohoa.jobs")


@dataclass(frozen=True)
class SignTask:
    job_id: int
    attempt: int
    interruptions: int  # among the attempts, those whose worker died under them
    item_id: int
    batch_id: int
    document_id: int
    profile: str
    output: Path
    name: str
    submitted_sha256: str | None
    signed_sha256: str | None
    received_at: datetime
    page_one: str | None


def run_sign(context: SigningContext, job_id: int) -> None:
    task = _claim(context, job_id)
    if task is None:
        return
    try:
        _sign(context, task)
    except Exception as error:
        if not isinstance(error, SohoaError):
            log.error("signing document %s failed unexpectedly", task.document_id, exc_info=error)
        _failed(context, task, error)


def _claim(context: SigningContext, job_id: int) -> SignTask | None:
    with context.store.writing() as session:
        job = session.get(JobRecord, job_id)
        if job is None or not takeable(job):
            return None
        found = item_to_sign(session, job.document_id)
        if found is None:
            finish_job(session, job, JobStatus.DONE)
            return None
        item, batch = found
        if batch.state == BatchState.APPROVED:
            batch.state = BatchState.SIGNING
        start_job(job, context.worker_name, context.settings.celery.lease_seconds)
        document = session.get_one(DocumentRecord, job.document_id)
        assert document.output_path is not None
        return SignTask(
            job_id=job.id,
            attempt=job.attempts,
            interruptions=job.interruptions,
            item_id=item.id,
            batch_id=batch.id,
            document_id=document.id,
            profile=batch.profile,
            output=context.layout.absolute(document.output_path),
            name=document.original_name,
            submitted_sha256=item.sha256,
            signed_sha256=item.signed_sha256,
            received_at=document.received_at,
            page_one=document.page_one,
        )


def _sign(context: SigningContext, task: SignTask) -> None:
    staged = task.output.with_name(f".{task.output.name}.signed.part")
    outcome = context.signing.sign_if_unchanged(
        task.output,
        staged,
        configured_profile(context.settings, task.profile),
        f"Sohoa{task.batch_id}",
        task.received_at,
        task.submitted_sha256,
        task.page_one,
    )
    if outcome.signed_sha256 is None:
        if outcome.source_sha256 == task.signed_sha256:
            _record_signed(context, task, outcome.source_sha256)  # signed before a crash
        else:
            _refuse_changed(context, task, outcome.source_sha256)
        return
    with context.store.writing() as session:
        session.get_one(BatchItemRecord, task.item_id).signed_sha256 = outcome.signed_sha256
    durable_move(staged, task.output)
    _record_signed(context, task, outcome.signed_sha256)


def _record_signed(context: SigningContext, task: SignTask, signed_sha256: str) -> None:
    now = datetime.now(UTC)
    with context.store.writing() as session:
        item = session.get_one(BatchItemRecord, task.item_id)
        item.state = BatchItemState.SIGNED
        item.signed_at = now
        document = session.get_one(DocumentRecord, task.document_id)
        document.signed_at = now
        document.output_sha256 = signed_sha256
        audit.record(
            session,
            "document.signed",
            f"document:{task.document_id}",
            batch=task.batch_id,
            profile=task.profile,
            submitted_sha256=task.submitted_sha256,
            signed_sha256=signed_sha256,
        )
        finish_job(session, session.get_one(JobRecord, task.job_id), JobStatus.DONE)
        finish_batch_if_done(session, task.batch_id)
    context.emit(
        Event("document.signed", f"{task.name} signed (batch {task.batch_id})", _ids(task))
    )


def _refuse_changed(context: SigningContext, task: SignTask, current: str) -> None:
    reason = (
        f"{task.name}: the output changed after batch {task.batch_id} was submitted "
        f"(sha256 {task.submitted_sha256}, now {current}); it was not signed."
    )
    _settle(context, task, BatchItemState.REFUSED, reason, "document.signing_refused", {})


def _failed(context: SigningContext, task: SignTask, error: Exception) -> None:
    described = str(error) if isinstance(error, SohoaError) else f"{task.name}: {error!r}"
    retryable = not isinstance(error, SohoaError) or error.retryable
    troubled = task.attempt - task.interruptions
    if retryable and troubled < context.settings.jobs.max_attempts:
        retry_later(context, task.job_id, task.attempt, error, described)
        return
    failed = error_details(error)
    _settle(context, task, BatchItemState.FAILED, described, "document.signing_failed", failed)


def _settle(
    context: SigningContext,
    task: SignTask,
    state: BatchItemState,
    reason: str,
    action: str,
    error: dict[str, Any],
) -> None:
    with context.store.writing() as session:
        item = session.get_one(BatchItemRecord, task.item_id)
        item.state = state
        item.error = reason
        audit.record(
            session, action, f"document:{task.document_id}", batch=task.batch_id, reason=reason
        )
        finish_job(session, session.get_one(JobRecord, task.job_id), JobStatus.FAILED, reason)
        finish_batch_if_done(session, task.batch_id)
    details = {**_ids(task), "file": task.name, "reason": reason, **error}
    context.emit(Event(action, reason, details))


def _ids(task: SignTask) -> dict[str, Any]:
    return {"document": task.document_id, "batch": task.batch_id}
