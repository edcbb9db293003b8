"""Prometheus metrics: the counters of `sohoa status`, in the text exposition format.

Scraped from the machine itself without a token; from elsewhere with an admin's or an
auditor's API token (`Authorization: Bearer …`, Prometheus' `authorization` setting).
"""

from __future__ import annotations

from ipaddress import ip_address

from fastapi import APIRouter, Request
from fastapi.responses import PlainTextResponse

from queries.health import Health, read_health
from service.web.auth import api_user, client_address, require_api
from service.web.context import web_context
from store.states import JobStatus, Role

router = APIRouter(include_in_schema=False)
_ALLOWED = require_api(Role.ADMIN, Role.AUDITOR)


@router.get("/metrics", response_class=PlainTextResponse)
def metrics(request: Request) -> PlainTextResponse:
    if not _is_loopback(client_address(request)):
        _ALLOWED(api_user(request))
    back = web_context(request).back
    health = read_health(back.store, back.settings)
    return PlainTextResponse(exposition(health), media_type="text/plain; version=0.0.4")


def exposition(health: Health) -> str:
    lines = [
        "# HELP sohoa_workers_alive Worker processes that reported within two leases.",
        "# TYPE sohoa_workers_alive gauge",
        f"sohoa_workers_alive {health.workers_alive}",
        "# HELP sohoa_queue_depth Jobs queued, waiting to retry or waiting for their pages.",
        "# TYPE sohoa_queue_depth gauge",
        f"sohoa_queue_depth {health.queue_depth}",
        "# HELP sohoa_oldest_waiting_job_seconds Age of the oldest job still waiting.",
        "# TYPE sohoa_oldest_waiting_job_seconds gauge",
        f"sohoa_oldest_waiting_job_seconds {health.oldest_waiting_seconds:.1f}",
        "# HELP sohoa_jobs Jobs in the record by status.",
        "# TYPE sohoa_jobs gauge",
        *(f'sohoa_jobs{{status="{status}"}} {health.jobs.get(status, 0)}' for status in JobStatus),
        "# HELP sohoa_worker_jobs_total Jobs a worker process finished since it started.",
        "# TYPE sohoa_worker_jobs_total counter",
    ]
    for worker in health.workers:
        name = worker.name.replace("\\", "\\\\").replace('"', '\\"')
        lines.append(f'sohoa_worker_jobs_total{{worker="{name}",outcome="done"}} {worker.done}')
        lines.append(f'sohoa_worker_jobs_total{{worker="{name}",outcome="failed"}} {worker.failed}')
    return "\n".join(lines) + "\n"


def _is_loopback(address: str) -> bool:
    try:
        return ip_address(address).is_loopback
    except ValueError:
        return False
