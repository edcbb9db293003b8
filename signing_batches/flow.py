"""What people do with a batch: make one by hand, submit it, approve it, reject it.

Hashes of the outputs are taken at submission: that is what the officer reviews and
approves, and a signing job refuses an output whose bytes differ from them.
"""

from __future__ import annotations

from datetime import UTC, datetime

from runtime.queue import JobQueue
from signing_batches.collect import new_batch
from signing_batches.errors import (
    ApprovalNotAllowedError,
    BatchError,
    BatchNotFoundError,
    BatchStateError,
)
from store import audit
from store.archive import sha256_of
from store.batches import active_item_of, batch_items, find_batch_for_update, find_document_job
from store.database import Session
from store.record import Record
from store.schema import BatchItemRecord, BatchRecord, DocumentRecord, JobRecord
from store.states import BatchItemState, BatchState, DocumentStatus, JobStatus

SIGN_JOB = "sign"


def make_batch(record: Record, profile: str, document_ids: list[int], actor: str) -> int:
    """A batch made by hand: the documents leave the open batches they were collected into."""
    if profile not in record.settings.signing.profiles:
        raise BatchError(
            f"No signing profile '{profile}' in the settings.",
            code="batch.profile_unknown",
            params={"profile": profile},
        )
    with record.store.writing() as session:
        batch = new_batch(session, profile, actor=actor)
        for document_id in document_ids:
            _move_into(session, batch, document_id, actor)
        return batch.id


def submit(record: Record, batch_id: int, actor: str) -> None:
    with record.store.writing() as session:
        batch = _batch_in(session, batch_id, BatchState.OPEN, "submit")
        items = batch_items(session, batch_id)
        if not items:
            raise BatchStateError(
                f"Batch {batch_id} is empty: there is nothing to submit.",
                code="batch.empty",
                params={"batch": batch_id},
            )
        for item in items:
            document = session.get_one(DocumentRecord, item.document_id)
            assert document.output_path is not None
            item.sha256 = sha256_of(record.layout.absolute(document.output_path))
        batch.state = BatchState.SUBMITTED
        batch.submitted_at = datetime.now(UTC)
        batch.submitted_by = actor
        audit.record(session, "batch.submitted", f"batch:{batch_id}", actor, documents=len(items))


def approve(record: Record, queue: JobQueue, batch_id: int, user: str, via: str) -> list[int]:
    """Approve a submitted batch and queue one signing job per output; the job ids.

    The jobs go to the configured queue after the commit (the jobs table holds them first),
    whichever face approved: the web, the API or the command line.

    `user` must be one of the profile's approvers; `via` names the channel (cli, web)
    for the audit trail.
    """
    actor = f"{via}:{user}"
    with record.store.writing() as session:
        batch = _batch_in(session, batch_id, BatchState.SUBMITTED, "approve")
        _check_approver(record, batch, user, "approve")
        items = batch_items(session, batch_id)
        batch.state = BatchState.APPROVED
        batch.decided_at = datetime.now(UTC)
        batch.decided_by = actor
        audit.record(
            session,
            "batch.approved",
            f"batch:{batch_id}",
            actor,
            profile=batch.profile,
            documents=[{"document": item.document_id, "sha256": item.sha256} for item in items],
        )
        job_ids = [_arm_sign_job(session, item.document_id) for item in items]
    for job_id in job_ids:
        queue.submit(job_id)
    return job_ids


def reject(record: Record, batch_id: int, user: str, via: str, reason: str) -> None:
    if not reason.strip():
        raise BatchError(
            f"Rejecting batch {batch_id} needs a reason.",
            code="batch.reject_reason_missing",
            params={"batch": batch_id},
        )
    actor = f"{via}:{user}"
    with record.store.writing() as session:
        batch = _batch_in(session, batch_id, BatchState.SUBMITTED, "reject")
        _check_approver(record, batch, user, "reject")
        batch.state = BatchState.REJECTED
        batch.decided_at = batch.finished_at = datetime.now(UTC)
        batch.decided_by = actor
        batch.reason = reason.strip()
        audit.record(session, "batch.rejected", f"batch:{batch_id}", actor, reason=batch.reason)


def _check_approver(record: Record, batch: BatchRecord, user: str, action: str) -> None:
    profile = record.settings.signing.profiles.get(batch.profile)
    if profile is None or user not in profile.approvers:
        raise ApprovalNotAllowedError(
            f"{user} may not {action} batches signed with profile '{batch.profile}' "
            f"(its approvers are listed in the settings under "
            f"signing.profiles.{batch.profile}.approvers).",
            code="batch.approver_not_allowed",
            params={"user": user, "action": action, "profile": batch.profile},
        )


def _batch_in(session: Session, batch_id: int, state: BatchState, action: str) -> BatchRecord:
    batch = find_batch_for_update(session, batch_id)
    if batch is None:
        raise BatchNotFoundError(
            f"There is no batch {batch_id}.", code="batch.not_found", params={"batch": batch_id}
        )
    if batch.state != state:
        raise BatchStateError(
            f"Cannot {action} batch {batch_id}: it is {batch.state}, not {state}.",
            code="batch.wrong_state",
            params={"batch": batch_id, "action": action, "state": batch.state, "expected": state},
        )
    return batch


def _move_into(session: Session, batch: BatchRecord, document_id: int, actor: str) -> None:
    document = session.get(DocumentRecord, document_id)
    if document is None or document.status != DocumentStatus.DIGITIZED:
        raise BatchError(
            f"Document {document_id} has no digitized output to sign.",
            code="batch.document_not_digitized",
            params={"document": document_id},
        )
    if document.signed_at is not None:
        raise BatchError(
            f"Document {document_id} is signed already.",
            code="batch.document_signed",
            params={"document": document_id},
        )
    current = active_item_of(session, document_id)
    if current is not None:
        item, holder = current
        if holder.state != BatchState.OPEN:
            raise BatchError(
                f"Document {document_id} is in batch {holder.id}, which is {holder.state}.",
                code="batch.document_in_other_batch",
                params={"document": document_id, "batch": holder.id, "state": holder.state},
            )
        session.delete(item)
        audit.record(
            session,
            "batch.document_moved",
            f"document:{document_id}",
            actor,
            source=holder.id,
            target=batch.id,
        )
    session.add(
        BatchItemRecord(batch_id=batch.id, document_id=document_id, state=BatchItemState.WAITING)
    )
    document.batch_id = batch.id
    session.flush()


def _arm_sign_job(session: Session, document_id: int) -> int:
    """The document's signing job, queued afresh (a document is signed by one job row)."""
    job = find_document_job(session, SIGN_JOB, document_id)
    now = datetime.now(UTC)
    if job is None:
        job = JobRecord(kind=SIGN_JOB, document_id=document_id, attempts=0, created_at=now)
        session.add(job)
    job.status = JobStatus.QUEUED
    job.attempts = 0
    job.last_error = job.retry_at = job.started_at = job.finished_at = None
    session.flush()
    return job.id
