"""A long document's OCR split into page ranges across workers, then assembled once.

With a queue that can hand page ranges to other workers (Celery), the digitize job of a
document longer than `celery.pages_per_task` pages (0 means 4) does not OCR it in one go:

1. The job, when claimed, finds which pages are already read in the shared folder
   `work/pages/document-<id>/`. If some are missing it waits (WAITING_PAGES, no lease) and
   sends one page task for each range with pages missing: `job.pages_dispatched`.
2. A page task reads its range exactly as the whole document's run would
   (`Digitizer.read_pages`), saves each page atomically, and, when every page is then
   saved, queues the job again (QUEUED, `job.pages_read`) in one conditional UPDATE that
   only one page task wins.
3. The job, claimed again, finds every page read and assembles the document through the
   ordinary path, OCRing nothing; its outputs are recorded once, then the folder goes.

Everything is safe to repeat: a page task delivered twice finds its pages saved (and only
checks whether the job can be assembled); two writers of a page leave one whole read.
A range that fails fails the job as `failures.fail` does: a passing trouble retries the
job later (its claim sends only the ranges still missing), anything else sets the file
aside. A worker killed mid-range is covered by Celery's redelivery and, should a message be
lost, by `redispatch_stalled`, which a heartbeat calls: a waiting job past its deadline (a
lease plus the longest a page task may run, pushed on by every page task that starts) gets
its missing ranges sent again, with a doubling wait.
"""

from __future__ import annotations

import logging
import shutil
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from config import SohoaError
from digitizer import (
    PageRead,
    count_pages,
    discard_page_read,
    load_page_read,
    save_page_read,
    saved_page_numbers,
)
from intake.claims import Claim, claim_of
from intake.context import IntakeContext
from intake.failures import fail
from intake.register import DIGITIZE
from store import audit
from store.archive import Layout
from store.jobs import (
    documents_with_open_jobs,
    make_job_wait_for_pages,
    put_off_page_deadline,
    queue_waiting_job,
    stalled_waiting_jobs,
    take_stalled_job,
    take_waiting_job,
)
from store.schema import DocumentRecord, JobRecord
from store.states import DocumentStatus, JobStatus

log = logging.getLogger("sohoa.jobs")
DEFAULT_PAGES_PER_TASK = 4

PageRange = tuple[int, int]  # first and last page, 1-based, inclusive


def pages_folder(layout: Layout, document_id: int) -> Path:
    return layout.work / "pages" / f"document-{document_id}"


def pages_per_task(context: IntakeContext) -> int:
    return context.settings.celery.pages_per_task or DEFAULT_PAGES_PER_TASK


def page_ranges(count: int, size: int) -> list[PageRange]:
    return [(first, min(first + size - 1, count)) for first in range(1, count + 1, size)]


def gather_pages(
    context: IntakeContext, claimed: Claim, source: Path
) -> dict[int, PageRead] | None:
    """The pages read by page tasks, for the claimed job to assemble its document from.

    Empty when the document is not split (one worker OCRs it, as always); None when pages
    are missing: they have been sent to page tasks and the job waits for them.
    """
    if not context.queue.spreads_parts:
        return {}
    size = pages_per_task(context)
    count = count_pages(source, context.options)
    if count <= size:
        return {}
    folder = pages_folder(context.layout, claimed.document_id)
    reads = _load_reads(folder, count)
    missing = _missing_ranges(reads, count, size)
    if not missing:
        return reads
    if _hand_out(context, claimed, count, missing):
        for first, last in missing:
            context.queue.submit_part(claimed.job_id, first, last)
    return None


def forget_pages(context: IntakeContext, document_id: int) -> None:
    """Remove the document's page reads: it is assembled, or set aside."""
    shutil.rmtree(pages_folder(context.layout, document_id), ignore_errors=True)


def run_page_range(context: IntakeContext, job_id: int, first: int, last: int) -> None:
    """A page task: read pages `first` to `last` of the job's document and save them; queue
    the job for assembly when every page is saved. Idempotent."""
    waiting = _waiting_document(context, job_id)
    if waiting is None:
        return  # finished, or gone: nothing to read for
    document_id, source = waiting
    folder = pages_folder(context.layout, document_id)
    if not set(range(first, last + 1)) <= saved_page_numbers(folder):
        seconds_per_page = context.options.limits.seconds_per_page
        _put_off_redispatch(context, job_id, (last - first + 1) * seconds_per_page)
        try:
            for read in context.digitizer.read_pages(source, first, last, context.counters):
                save_page_read(folder, read)
        except Exception as error:
            _fail_waiting_job(context, job_id, error)
            return
    # Also when the pages were saved before: a redelivered task may find its first run
    # stopped between saving them and queueing the job.
    _queue_when_read(context, job_id, source, folder)


def redispatch_stalled(context: IntakeContext, now: datetime | None = None) -> list[int]:
    """Send again the missing ranges of waiting jobs past their deadline (a lost message, a
    worker gone with its task), and queue those found complete; then remove the page
    folders of documents no longer waiting. Returns the ids of the jobs acted on.

    Any number of processes may call it: for each job, one conditional UPDATE picks one.
    A job sent again waits at least as long again as it has waited, before the next time.
    """
    if not context.queue.spreads_parts:
        return []
    now = now or datetime.now(UTC)
    with context.store.reading() as session:
        stalled = stalled_waiting_jobs(session, now)
    acted = []
    for waiting in stalled:
        source = context.layout.absolute(waiting.archive_path)
        folder = pages_folder(context.layout, waiting.document_id)
        try:
            if _redispatch(context, waiting.job_id, waiting.started_at, source, folder, now):
                acted.append(waiting.job_id)
        except (SohoaError, OSError) as error:  # the shared disk or the record is away
            log.warning("job %s: could not look at its pages (%s)", waiting.job_id, error)
    _remove_finished_folders(context)
    return acted


def _redispatch(
    context: IntakeContext,
    job_id: int,
    started_at: datetime | None,
    source: Path,
    folder: Path,
    now: datetime,
) -> bool:
    count = count_pages(source, context.options)
    saved = saved_page_numbers(folder)
    missing = _missing_ranges(saved, count, pages_per_task(context))
    if not missing:
        return _queue_when_read(context, job_id, source, folder)
    waited = (now - started_at).total_seconds() if started_at else 0.0
    wait = max(_patience(context), waited)
    with context.store.writing() as session:
        taken = take_stalled_job(session, job_id, now, now + timedelta(seconds=wait))
        if not taken:
            return False  # another process got there first, or a page task moved it
        audit.record(
            session,
            "job.pages_dispatched",
            f"job:{job_id}",
            pages=count,
            ranges=[list(item) for item in missing],
            again=True,
        )
    log.warning("job %s: page ranges %s made no progress; sent again", job_id, missing)
    for first, last in missing:
        context.queue.submit_part(job_id, first, last)
    return True


def _hand_out(context: IntakeContext, claimed: Claim, count: int, missing: list[PageRange]) -> bool:
    """Put the claimed job to wait for its page tasks; False if the claim was lost."""
    deadline = datetime.now(UTC) + timedelta(seconds=_patience(context))
    with context.store.writing() as session:
        handed = make_job_wait_for_pages(session, claimed.job_id, claimed.attempt, deadline)
        if handed:
            audit.record(
                session,
                "job.pages_dispatched",
                f"job:{claimed.job_id}",
                pages=count,
                ranges=[list(item) for item in missing],
            )
    return handed


def _queue_when_read(context: IntakeContext, job_id: int, source: Path, folder: Path) -> bool:
    """Queue the waiting job for assembly if every page is saved; only one caller does."""
    count = count_pages(source, context.options)
    if not set(range(1, count + 1)) <= saved_page_numbers(folder):
        return False
    with context.store.writing() as session:
        queued = queue_waiting_job(session, job_id)
        if queued:
            audit.record(session, "job.pages_read", f"job:{job_id}", pages=count)
    if queued:
        context.queue.submit(job_id)
    return queued


def _patience(context: IntakeContext) -> float:
    """How long page tasks may take before their job counts as stalled: a lease to start,
    and the longest one task may run (each page within its time limit)."""
    longest = pages_per_task(context) * context.options.limits.seconds_per_page
    return context.settings.celery.lease_seconds + longest


def _put_off_redispatch(context: IntakeContext, job_id: int, busy_seconds: float) -> None:
    """A page task started: its job counts as stalled no sooner than a lease after it may
    have finished."""
    lease = context.settings.celery.lease_seconds
    later = datetime.now(UTC) + timedelta(seconds=lease + busy_seconds)
    with context.store.writing() as session:
        put_off_page_deadline(session, job_id, later)


def _fail_waiting_job(context: IntakeContext, job_id: int, error: Exception) -> None:
    """A range could not be read: the job fails as any digitize job does, once.

    The page task takes the waiting job (RUNNING, its attempt unchanged: the page tasks are
    part of the attempt that sent them), so that of several failing ranges one fails it.
    """
    now = datetime.now(UTC)
    lease = timedelta(seconds=context.settings.celery.lease_seconds)
    with context.store.writing() as session:
        taken = take_waiting_job(session, job_id, context.worker_name, now + lease)
        claimed = claim_of(context, session, session.get_one(JobRecord, job_id)) if taken else None
    if claimed is None:
        log.warning("job %s: a page range failed after the job moved on (%s)", job_id, error)
        return
    fail(context, claimed, error, pages_folder(context.layout, claimed.document_id))
    with context.store.reading() as session:
        status = JobStatus(session.get_one(JobRecord, job_id).status)
    if status.finished:
        forget_pages(context, claimed.document_id)


def _waiting_document(context: IntakeContext, job_id: int) -> tuple[int, Path] | None:
    """The job's document and its archived original, unless the job is finished."""
    with context.store.reading() as session:
        job = session.get(JobRecord, job_id)
        if job is None or JobStatus(job.status).finished:
            return None
        document = session.get_one(DocumentRecord, job.document_id)
        if document.status != DocumentStatus.RECEIVED:
            return None
        return document.id, context.layout.absolute(document.archive_path)


def _load_reads(folder: Path, count: int) -> dict[int, PageRead]:
    """Every saved page that checks out; a damaged one is discarded, to be read again."""
    reads = {}
    for number in sorted(saved_page_numbers(folder)):
        if number > count:
            continue
        read = load_page_read(folder, number)
        if read is None:
            log.warning(
                "%s: the saved read of page %s is damaged; reading it again", folder, number
            )
            discard_page_read(folder, number)
        else:
            reads[number] = read
    return reads


def _missing_ranges(saved: Iterable[int], count: int, size: int) -> list[PageRange]:
    """Of each range of `size` pages, the span of its pages not yet saved."""
    present = set(saved)
    missing = []
    for first, last in page_ranges(count, size):
        absent = [number for number in range(first, last + 1) if number not in present]
        if absent:
            missing.append((absent[0], absent[-1]))
    return missing


def _remove_finished_folders(context: IntakeContext) -> None:
    """Page folders left by a crash after their document was recorded or set aside."""
    root = context.layout.work / "pages"
    try:
        ids = {
            int(path.name.removeprefix("document-")): path
            for path in root.iterdir()
            if path.name.startswith("document-") and path.name[9:].isdigit()
        }
    except FileNotFoundError:
        return
    if not ids:
        return
    with context.store.reading() as session:
        open_ids = documents_with_open_jobs(session, DIGITIZE, ids)
    for document_id, path in ids.items():
        if document_id not in open_ids:
            shutil.rmtree(path, ignore_errors=True)
