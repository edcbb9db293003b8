"""What `POST /api/documents/outputs.zip` takes."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from service.web.api_batch_models import DocumentId
from service.web.selection import MAX_SELECTED


class OutputsIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    document_ids: list[DocumentId] = Field(
        min_length=1, max_length=MAX_SELECTED, description="Documents the user sees."
    )
