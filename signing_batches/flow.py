"""What people do with a batch: make one by hand, submit it, approve it, reject it, and
submit a rejected one again once its documents are fixed.

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
        items = _items_to_submit(session, batch_id)
        for item in items:
            document = session.get_one(DocumentRecord, item.document_id)
            assert document.output_path is not None
            item.sha256 = sha256_of(record.layout.absolute(document.output_path))
        _mark_submitted(batch, actor)
        audit.record(session, "batch.submitted", f"batch:{batch_id}", actor, documents=len(items))


def _items_to_submit(session: Session, batch_id: int) -> list[BatchItemRecord]:
    items = batch_items(session, batch_id)
    if not items:
        raise BatchStateError(
            f"Batch {batch_id} is empty: there is nothing to submit.",
            code="batch.empty",
            params={"batch": batch_id},
        )
    return items


def _mark_submitted(batch: BatchRecord, actor: str) -> None:
    batch.state = BatchState.SUBMITTED
    batch.submitted_at = datetime.now(UTC)
    batch.submitted_by = actor


def resubmit(record: Record, batch_id: int, actor: str) -> None:
    """A rejected batch, its documents fixed, sent to the officers again (REJECTED →
    SUBMITTED). Hashes are taken afresh: a retagged output is what the officer reviews now.

    A document that has since gone into another active batch, or is no longer a digitized,
    unsigned output, stops the resubmission: it is named, to be removed from this batch.
    """
    with record.store.writing() as session:
        batch = _batch_in(session, batch_id, BatchState.REJECTED, "resubmit")
        items = _items_to_submit(session, batch_id)
        for item in items:
            document = _still_signable(session, item.document_id)
            assert document.output_path is not None
            item.sha256 = sha256_of(record.layout.absolute(document.output_path))
            item.state = BatchItemState.WAITING
            item.error = None
            document.batch_id = batch.id
        rejected_by, reason = batch.decided_by, batch.reason
        _mark_submitted(batch, actor)
        batch.decided_at = batch.decided_by = batch.reason = batch.finished_at = None
        audit.record(
            session,
            "batch.resubmitted",
            f"batch:{batch_id}",
            actor,
            documents=len(items),
            rejected_by=rejected_by,
            reason=reason,
        )


def _signable_output(session: Session, document_id: int) -> DocumentRecord:
    """The document, refused unless it is a digitized output not yet signed."""
    document = session.get(DocumentRecord, document_id)
    if document is None or document.status != DocumentStatus.DIGITIZED or not document.output_path:
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
    return document


def _still_signable(session: Session, document_id: int) -> DocumentRecord:
    document = _signable_output(session, document_id)
    current = active_item_of(session, document_id)
    if current is not None:
        raise BatchError(
            f"Document {document_id} is now in batch {current[1].id}, which is "
            f"{current[1].state}; remove it from this batch first.",
            code="batch.document_moved_on",
            params={"document": document_id, "batch": current[1].id},
        )
    return document


def remove_from_rejected(record: Record, batch_id: int, document_id: int, actor: str) -> None:
    """Take a document out of a rejected batch, to be fixed and batched again on its own."""
    with record.store.writing() as session:
        _batch_in(session, batch_id, BatchState.REJECTED, "remove a document from")
        item = next(
            (item for item in batch_items(session, batch_id) if item.document_id == document_id),
            None,
        )
        if item is None:
            raise BatchNotFoundError(
                f"Document {document_id} is not in batch {batch_id}.",
                code="batch.document_not_in_batch",
                params={"document": document_id, "batch": batch_id},
            )
        session.delete(item)
        document = session.get_one(DocumentRecord, document_id)
        if document.batch_id == batch_id:
            document.batch_id = None
        audit.record(
            session, "batch.document_removed", f"document:{document_id}", actor, batch=batch_id
        )


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
    document = _signable_output(session, document_id)
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
