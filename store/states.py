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
    WAITING_PAGES = "waiting_pages"  # its pages are being OCR'd by page tasks (scale-out)
    DONE = "done"
    FAILED = "failed"

    @property
    def finished(self) -> bool:
        return self in (JobStatus.DONE, JobStatus.FAILED)


class BatchState(StrEnum):
    OPEN = "open"  # still collecting outputs
    SUBMITTED = "submitted"  # waiting for a signing officer
    APPROVED = "approved"  # signing jobs queued
    REJECTED = "rejected"  # nothing signed; the reason is kept
    SIGNING = "signing"
    SIGNED = "signed"
    PARTLY_FAILED = "partly_failed"  # some outputs could not be signed; each says why

    @property
    def active(self) -> bool:
        """A document in an active batch is not collected into another one."""
        return self in (
            BatchState.OPEN,
            BatchState.SUBMITTED,
            BatchState.APPROVED,
            BatchState.SIGNING,
        )


class BatchItemState(StrEnum):
    WAITING = "waiting"
    SIGNED = "signed"
    FAILED = "failed"  # the signing itself failed (key, timestamp service, file)
    REFUSED = "refused"  # the output changed after the batch was submitted


class ReceiptState(StrEnum):
    ISSUING = "issuing"  # number allocated, files being made
    FAILED = "failed"  # number allocated, the receipt could not be made: the reason is kept
    ISSUED = "issued"
    CANCELLED = "cancelled"  # kept, marked, with a reason
    REPLACED = "replaced"  # cancelled by a replacement that names it


class Role(StrEnum):
    """What a user of the web interface may do; a user holds one or more."""

    CLERK = "clerk"  # intake, tagging, quarantine, receipts, for their units
    OFFICER = "officer"  # approves or rejects batches for signing
    AUDITOR = "auditor"  # reads rates, documents, signatures, receipts and the audit trail
    ADMIN = "admin"  # users, units, series, signing profile names
