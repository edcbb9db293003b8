"""How the service is doing, read from the record: workers alive, queue depth, the oldest
waiting job. `sohoa status`, `sohoa jobs` and the Prometheus endpoint show the same."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from config import Settings
from store.database import Store
from store.schema import DocumentRecord, JobRecord, WorkerRecord
from store.states import JobStatus

WAITING = (JobStatus.QUEUED, JobStatus.WAITING_RETRY, JobStatus.WAITING_PAGES)


@dataclass(frozen=True)
class WorkerHealth:
    name: str
    kind: str
    last_seen_at: datetime
    alive: bool
    running: int
    done: int
    failed: int


@dataclass(frozen=True)
class Health:
    at: datetime
    workers: tuple[WorkerHealth, ...]
    jobs: dict[str, int]  # by status
    oldest_waiting_at: datetime | None

    @property
    def workers_alive(self) -> int:
        return sum(worker.alive for worker in self.workers if worker.kind != "watcher")

    @property
    def queue_depth(self) -> int:
        return sum(self.jobs.get(status, 0) for status in WAITING)

    @property
    def oldest_waiting_seconds(self) -> float:
        if self.oldest_waiting_at is None:
            return 0.0
        return max(0.0, (self.at - self.oldest_waiting_at).total_seconds())


@dataclass(frozen=True)
class JobLine:
    id: int
    kind: str
    status: str
    document: str
    attempts: int
    worker: str | None
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    error: str | None


def read_health(store: Store, settings: Settings) -> Health:
    """A worker is alive when it reported within two leases (it reports every third)."""
    now = datetime.now(UTC)
    recent = now - timedelta(seconds=2 * settings.celery.lease_seconds)
    with store.reading() as session:
        workers = tuple(
            WorkerHealth(w.name, w.kind, w.last_seen_at, w.last_seen_at >= recent,
                         w.running, w.done, w.failed)
            for w in session.scalars(
                select(WorkerRecord)
                .where(WorkerRecord.last_seen_at >= now - timedelta(days=1))
                .order_by(WorkerRecord.name)
            )
        )  # fmt: skip
        jobs = dict(
            session.execute(select(JobRecord.status, func.count()).group_by(JobRecord.status)).all()
        )
        oldest = session.scalar(
            select(func.min(JobRecord.created_at)).where(JobRecord.status.in_(WAITING))
        )
    return Health(now, workers, {str(k): int(v) for k, v in jobs.items()}, oldest)


def list_jobs(
    store: Store, statuses: list[str] | None = None, worker: str | None = None, limit: int = 50
) -> list[JobLine]:
    """The most recent jobs first, optionally of some statuses or one worker (a prefix)."""
    query = (
        select(JobRecord, DocumentRecord.original_name)
        .join(DocumentRecord, DocumentRecord.id == JobRecord.document_id)
        .order_by(JobRecord.id.desc())
        .limit(limit)
    )
    if statuses:
        query = query.where(JobRecord.status.in_(statuses))
    if worker:
        query = query.where(JobRecord.worker.startswith(worker, autoescape=True))
    with store.reading() as session:
        return [
            JobLine(job.id, job.kind, job.status, name, job.attempts, job.worker,
                    job.created_at, job.started_at, job.finished_at, job.last_error)
            for job, name in session.execute(query)
        ]  # fmt: skip
