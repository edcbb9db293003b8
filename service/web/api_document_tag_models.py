"""What `POST /api/documents/{id}/tag` takes and gives."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from intake.manual_tag import REASON_MAX_LENGTH


class TagIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    dossier_code: str = Field(
        min_length=1, max_length=200, description="e.g. H57.132-260804-0583 (or its -KQ form)."
    )
    reason: str = Field(
        "",
        max_length=REASON_MAX_LENGTH,
        description="Why: needed to move a document tagged to another dossier; the audit "
        "trail keeps it.",
    )


class TaggedOut(BaseModel):
    document_id: int
    dossier_code: str = Field(description="The dossier it is tagged to now, in standard form.")
    message: str = Field(description="What was done, in Vietnamese.")
