"""Run a job by id, whatever its kind: the one function a queue backend calls."""

from __future__ import annotations

from jobs.batch_decisions import SIGN_JOB
from jobs.digitize_job import run_digitize
from jobs.services import Services
from jobs.sign_job import run_sign
from store.schema import JobRecord


def run_job(services: Services, job_id: int) -> None:
    with services.store.reading() as session:
        job = session.get(JobRecord, job_id)
        kind = job.kind if job is not None else None
    if kind is None:
        return
    run = run_sign if kind == SIGN_JOB else run_digitize
    if services.heartbeat is None:
        run(services, job_id)
        return
    with services.heartbeat.holding(job_id):
        run(services, job_id)
