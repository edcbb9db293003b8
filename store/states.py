"""Persisted states: the values the store writes into its status columns."""

from __future__ import annotations

from enum import StrEnum


class DocumentKind(StrEnum):
    INTAKE = "intake"  # dossier papers received
    RESULT = "result"  # results issued


class DocumentStatus(StrEnum):
    RECEIVED = "received"  # archived, waiting for OCR
    DIGITIZED = "digitized"  # searchable output written
    SPLIT = "split"  # a stack cut into one document per dossier
    QUARANTINED = "quarantined"  # could not be digitized; a clerk must look


class JobStatus(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    WAITING_RETRY = "waiting_retry"
    DONE = "done"
    FAILED = "failed"

    @property
    def finished(self) -> bool:
        return self in (JobStatus.DONE, JobStatus.FAILED)
