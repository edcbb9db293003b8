"""The jobs table's statements: leases, sweeps, resuming, counting, and the waiting of a
long document's job for its page tasks.

Several processes act on one job row at once (workers, page tasks, heartbeats). Each change
that only one of them may make is one conditional UPDATE here, and returns whether the row
matched: the caller that gets True won, the others leave the job alone.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import ColumnElement, CursorResult, Update, func, or_, select, update
from sqlalchemy.orm import Session

from store.schema import DocumentRecord, JobRecord
from store.states import JobStatus

_UNFINISHED = [status for status in JobStatus if not status.finished]
# A job waiting for its pages is not resumed: its page tasks, or the sweep of stalled ones,
# queue it again.
_RESUMABLE = (JobStatus.QUEUED, JobStatus.RUNNING, JobStatus.WAITING_RETRY)


@dataclass(frozen=True)
class WaitingJob:
    """A job waiting for its page tasks, with the document they read."""

    job_id: int
    started_at: datetime | None
    document_id: int
    archive_path: str  # relative to the data directory


def find_job_of_document(session: Session, document_id: int, kind: str) -> JobRecord | None:
    return session.scalars(
        select(JobRecord).where(JobRecord.document_id == document_id, JobRecord.kind == kind)
    ).first()


def count_unfinished_jobs(session: Session) -> int:
    count = session.scalar(
        select(func.count()).select_from(JobRecord).where(JobRecord.status.in_(_UNFINISHED))
    )
    return int(count or 0)


def jobs_to_resume(session: Session) -> list[tuple[int, datetime | None]]:
    """Jobs left queued, running or waiting to retry: their ids and when they may run."""
    rows = session.execute(
        select(JobRecord.id, JobRecord.retry_at)
        .where(JobRecord.status.in_(_RESUMABLE))
        .order_by(JobRecord.id)
    )
    return [(job_id, retry_at) for job_id, retry_at in rows]


def void_running_leases(session: Session, *, except_process: str) -> None:
    """Every running job's lease ends, but those of `except_process`'s own workers (named
    `<except_process>:<thread>`): the others' worker was this process before it stopped."""
    session.execute(
        update(JobRecord)
        .where(
            JobRecord.status == JobStatus.RUNNING,
            or_(
                JobRecord.worker.is_(None),
                ~JobRecord.worker.startswith(f"{except_process}:", autoescape=True),
            ),
        )
        .values(lease_until=None)
    )


def renew_leases(session: Session, job_ids: Collection[int], until: datetime) -> None:
    """The jobs that are still running keep their leases until `until`."""
    session.execute(
        update(JobRecord)
        .where(JobRecord.id.in_(job_ids), JobRecord.status == JobStatus.RUNNING)
        .values(lease_until=until)
    )


def hand_back_lost_jobs(session: Session, now: datetime) -> list[int]:
    """Queue again the running jobs whose lease has passed (their worker died, which counts
    as an interruption); their ids.

    The UPDATE checks the lease again, so a job renewed meanwhile stays with its worker.
    """
    lost = list(
        session.scalars(
            select(JobRecord.id).where(
                JobRecord.status == JobStatus.RUNNING, JobRecord.lease_until < now
            )
        )
    )
    if lost:
        session.execute(
            update(JobRecord)
            .where(JobRecord.id.in_(lost), JobRecord.lease_until < now)
            .values(
                status=JobStatus.QUEUED,
                lease_until=None,
                interruptions=JobRecord.interruptions + 1,
            )
        )
    return lost


def make_job_wait_for_pages(
    session: Session, job_id: int, attempt: int, deadline: datetime
) -> bool:
    """Put the job, running in `attempt`, to wait for its page tasks until `deadline`, with
    no lease; False if the claim was lost (the job moved on, or another attempt took it)."""
    return _matched(
        session,
        update(JobRecord)
        .where(
            JobRecord.id == job_id,
            JobRecord.status == JobStatus.RUNNING,
            JobRecord.attempts == attempt,
        )
        .values(status=JobStatus.WAITING_PAGES, lease_until=None, retry_at=deadline),
    )


def queue_waiting_job(session: Session, job_id: int) -> bool:
    """Queue the job waiting for its pages, for assembly; only one caller does."""
    return _matched(
        session,
        _waiting_job(job_id).values(status=JobStatus.QUEUED, retry_at=None, lease_until=None),
    )


def take_waiting_job(session: Session, job_id: int, worker: str, lease_until: datetime) -> bool:
    """Take the job waiting for its pages as running (its attempt unchanged); only one
    caller does."""
    return _matched(
        session,
        _waiting_job(job_id).values(
            status=JobStatus.RUNNING, worker=worker, lease_until=lease_until
        ),
    )


def put_off_page_deadline(session: Session, job_id: int, until: datetime) -> bool:
    """Move the waiting job's page deadline on to `until`, unless it is later already."""
    return _matched(session, _deadline_before(job_id, until).values(retry_at=until))


def take_stalled_job(session: Session, job_id: int, now: datetime, next_deadline: datetime) -> bool:
    """Take the waiting job past its page deadline, to send its missing ranges again, and
    give it `next_deadline`; False if another process got there first or a page task moved
    it."""
    return _matched(session, _deadline_before(job_id, now).values(retry_at=next_deadline))


def stalled_waiting_jobs(session: Session, now: datetime) -> list[WaitingJob]:
    """Jobs waiting for their pages with no deadline or one that has passed."""
    rows = session.execute(
        select(JobRecord.id, JobRecord.started_at, DocumentRecord.id, DocumentRecord.archive_path)
        .join(DocumentRecord, DocumentRecord.id == JobRecord.document_id)
        .where(JobRecord.status == JobStatus.WAITING_PAGES, _no_deadline_or_before(now))
        .order_by(JobRecord.id)
    )
    return [WaitingJob(*row) for row in rows]


def documents_with_open_jobs(
    session: Session, kind: str, document_ids: Collection[int]
) -> set[int]:
    """Of these documents, those with a job of `kind` not finished."""
    return set(
        session.scalars(
            select(JobRecord.document_id).where(
                JobRecord.kind == kind,
                JobRecord.document_id.in_(document_ids),
                JobRecord.status.not_in((JobStatus.DONE, JobStatus.FAILED)),
            )
        )
    )


def _waiting_job(job_id: int) -> Update:
    return update(JobRecord).where(
        JobRecord.id == job_id, JobRecord.status == JobStatus.WAITING_PAGES
    )


def _deadline_before(job_id: int, moment: datetime) -> Update:
    return _waiting_job(job_id).where(_no_deadline_or_before(moment))


def _no_deadline_or_before(moment: datetime) -> ColumnElement[bool]:
    return or_(JobRecord.retry_at.is_(None), JobRecord.retry_at < moment)


def _matched(session: Session, statement: Update) -> bool:
    """Run a conditional UPDATE of one row; whether it matched (so this caller won)."""
    result = cast(CursorResult[Any], session.execute(statement))
    return result.rowcount == 1
