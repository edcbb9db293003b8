"""What the batch calls of the API take and give: a clerk's batches, one with its documents,
a batch made of chosen documents."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field

from service.web.api_models import Problem, problem_responses
from service.web.ids import MAX_ID
from service.web.selection import MAX_SELECTED

DocumentId = Annotated[int, Field(ge=1, le=MAX_ID)]


def conflict_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """`problem_responses(*statuses)` and a 409: the batch's or document's state refuses it."""
    conflict = {
        "description": "Refused by the state of the batch or document; `detail` says why, "
        "in Vietnamese.",
        "content": {"application/problem+json": {"schema": Problem.model_json_schema()}},
    }
    return {**problem_responses(*statuses), 409: conflict}


class BatchOut(BaseModel):
    id: int
    state: str = Field(
        description="open, submitted, approved, rejected, signing, signed or partly_failed."
    )
    state_words: str = Field(description="The state as the pages say it, in Vietnamese.")
    profile: str = Field(description="The signing profile its outputs are signed with.")
    unit_code: str | None = Field(description="The unit it was collected for (none if by hand).")
    unit_name: str | None
    kind: str | None
    day: date | None
    by_hand: bool
    documents: int = Field(description="How many documents it holds.")
    signed: int
    failed: int
    created_at: datetime
    submitted_at: datetime | None
    submitted_by: str | None = Field(description="Who submitted it, by full name.")
    decided_at: datetime | None
    decided_by: str | None = Field(description="Who approved or rejected it, by full name.")
    reason: str | None = Field(description="Why it was rejected, as the officer wrote it.")


class BatchList(BaseModel):
    items: list[BatchOut]
    next_page: int | None = Field(description="Pass as `page` for the following page.")


class BatchDocumentOut(BaseModel):
    id: int
    original_name: str
    unit_code: str
    dossier_code: str | None
    page_count: int | None
    stage: str = Field(description="The document's stage, as in `GET /api/documents`.")
    signing: str = Field(description="Its signing state in this batch.")
    problem: str | None = Field(description="Why its signing failed, if it did.")


class BatchWithDocuments(BatchOut):
    items: list[BatchDocumentOut] = Field(description="A page of its documents, by id.")
    next_page: int | None = Field(description="Pass as `page` for its following documents.")


class BatchIn(BaseModel):
    """Documents of the clerk's units to put in a new batch, as the list's bulk action does."""

    model_config = ConfigDict(extra="forbid")

    document_ids: list[DocumentId] = Field(min_length=1, max_length=MAX_SELECTED)
    profile: str = Field(
        min_length=1, max_length=100, description="A signing profile of the settings."
    )
    submit: bool = Field(False, description="Submit the batch for approval at once.")


class DocumentOutcomeOut(BaseModel):
    document_id: int
    done: bool = Field(description="Whether the document went into the batch.")
    message: str = Field(description="What happened to it, or why not, in Vietnamese.")


class BatchMade(BaseModel):
    batch: BatchOut
    documents: list[DocumentOutcomeOut]
