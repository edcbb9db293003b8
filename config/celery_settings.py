"""The `[celery]` settings: the broker and how workers take their tasks (scale-out only)."""

from __future__ import annotations

from pydantic import Field

from config.section import Section


class CelerySettings(Section):
    task_seconds: float = Field(
        1800, gt=0, description="Hard time limit of one task; the worker process is replaced."
    )
    lease_seconds: float = Field(
        60,
        gt=0,
        description="A running job's claim lasts this long unless its worker renews it; a job "
        "whose worker died is taken again after it expires.",
    )
    prefetch: int = Field(
        1, ge=1, description="Tasks a worker process reserves ahead (1: a slow one holds none)."
    )
    pages_per_task: int = Field(
        0,
        ge=0,
        description="Split a document's OCR into tasks of this many pages when it has more; 0 "
        "means 4. Outputs are assembled once, by one worker.",
    )
