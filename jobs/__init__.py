"""Work on the record: intake, digitize jobs, tagging; the queue seam between them."""

from jobs.digitize_job import run_digitize
from jobs.events import Counters, Event, EventSink
from jobs.intake import Duplicate, IncomingFile, IntakeOutcome, Registered, SeenBefore, register
from jobs.queue import JobQueue, LocalQueue
from jobs.resume import resume_unfinished
from jobs.services import Services, open_services

__all__ = [
    "Counters",
    "Duplicate",
    "Event",
    "EventSink",
    "IncomingFile",
    "IntakeOutcome",
    "JobQueue",
    "LocalQueue",
    "Registered",
    "SeenBefore",
    "Services",
    "open_services",
    "register",
    "resume_unfinished",
    "run_digitize",
]
