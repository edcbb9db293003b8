"""The job kinds a process can run, and the one function a queue backend calls: run a job
by id, whatever its kind. Use cases register their kinds; the runtime knows only names."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from store.database import Store
from store.schema import JobRecord

if TYPE_CHECKING:
    from runtime.heartbeat import Heartbeat


@dataclass(frozen=True)
class JobKind:
    name: str  # as the jobs table's `kind` column holds it
    run: Callable[[int], None]
    run_part: Callable[[int, int, int], None] | None = None
    """Run part `first`..`last` of a job (a long document's page range), if it has parts."""


class JobKinds:
    def __init__(self, store: Store, kinds: Iterable[JobKind] = ()) -> None:
        self._store = store
        self._kinds = {kind.name: kind for kind in kinds}
        self.heartbeat: Heartbeat | None = None  # renews the leases of the jobs run here

    def add(self, kind: JobKind) -> None:
        self._kinds[kind.name] = kind

    def run(self, job_id: int) -> None:
        kind = self._kind_of(job_id)
        if kind is None:
            return
        if self.heartbeat is None:
            kind.run(job_id)
            return
        with self.heartbeat.holding(job_id):
            kind.run(job_id)

    def run_part(self, job_id: int, first: int, last: int) -> None:
        kind = self._kind_of(job_id)
        if kind is not None and kind.run_part is not None:
            kind.run_part(job_id, first, last)

    def _kind_of(self, job_id: int) -> JobKind | None:
        with self._store.reading() as session:
            job = session.get(JobRecord, job_id)
            name = job.kind if job is not None else None
        if name is None:
            return None
        if name not in self._kinds:
            raise LookupError(f"job {job_id} is of kind {name!r}, which this process cannot run")
        return self._kinds[name]
