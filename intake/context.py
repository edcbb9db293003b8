"""What digitizing needs beyond any job: the OCR workers, and what to do with an output
once it is recorded (the composition root hands signing's batch collection in here)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from digitizer import DigitizeOptions, Digitizer
from runtime.context import JobContext
from store.database import Session
from store.schema import DocumentRecord

OnRecorded = Callable[[Session, DocumentRecord], object]


def nothing_more(session: Session, document: DocumentRecord) -> None:
    pass


@dataclass(kw_only=True)
class IntakeContext(JobContext):
    options: DigitizeOptions
    digitizer: Digitizer
    on_recorded: OnRecorded = nothing_more
    """Called in the transaction that records a digitized output."""
