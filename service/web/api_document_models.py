"""What `GET /api/documents` answers: a page of the document list and its cursors."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field


class DocumentListItem(BaseModel):
    id: int
    received_at: datetime
    unit_code: str
    unit_name: str = Field(description="The unit's display name (empty if the admin named none).")
    kind: str = Field(description="intake or result.")
    original_name: str
    dossier_code: str | None
    tag_source: str | None = Field(description="How the dossier code was found.")
    page_count: int | None
    stage: str = Field(
        description="waiting, digitized, split, quarantined, in_batch, submitted, signed or "
        "rejected."
    )
    batch_id: int | None = Field(description="The batch the document was last placed in.")
    has_output: bool


class DocumentListPage(BaseModel):
    items: list[DocumentListItem]
    next_cursor: str | None = Field(description="Pass as `cursor` for the following page.")
    previous_cursor: str | None = Field(description="Pass as `cursor` for the page before.")
