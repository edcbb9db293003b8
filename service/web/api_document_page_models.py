"""The shapes of a document's JSON twin of its page (`GET /api/documents/{id}`)."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field


class TagChangeOut(BaseModel):
    at: datetime
    by: str = Field(description="The person's full name (or the system).")
    previous: str | None = Field(description="The dossier code before, None for the first tag.")
    dossier_code: str
    source: str = Field(description="How the code was found, in Vietnamese words.")
    reason: str | None = Field(description="Why a clerk retagged it.")


class SignatureOut(BaseModel):
    state: str = Field(description="valid, invalid, unsigned or unchecked (no trust roots).")
    signer: str | None
    signed_at: datetime | None
    problem: str | None = Field(description="Why it is invalid or unchecked, in Vietnamese.")


class BatchRefOut(BaseModel):
    id: int
    state: str = Field(description="open, submitted, approved, signing, signed, …")
    profile: str | None


class DocumentPageOut(BaseModel):
    """A document as its page shows it."""

    id: int
    kind: str = Field(description="intake (dossier papers) or result.")
    file_name: str
    unit_code: str
    unit_name: str
    received_at: datetime
    stage: str = Field(
        description="waiting, digitized, split, quarantined, in_batch, submitted, signed, rejected."
    )
    stage_words: str
    pages: int | None
    dossier_code: str | None
    tag_source: str | None = Field(description="folder, file_name, barcode, text or clerk.")
    tag_history: list[TagChangeOut]
    signature: SignatureOut
    batch: BatchRefOut | None
    original_url: str
    output_url: str | None
