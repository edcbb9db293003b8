"""The shapes the JSON API takes and gives, documented in its OpenAPI schema."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

_LINE = r"^[^\x00-\x1f\x7f]*$"  # one line of text: no control characters
_TEXT = r"^[^\x00]*$"


class Problem(BaseModel):
    """An error, as RFC 9457 problem details (media type application/problem+json)."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str


def problem_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    schema = Problem.model_json_schema()
    described = {
        400: "The request is malformed.",
        401: "No valid API token (send `Authorization: Bearer <token>`).",
        403: "The token's user may not do this.",
        404: "Not found, or not in the units of the token's user.",
        422: "The request does not fit this schema.",
    }
    return {
        status: {
            "description": described[status],
            "content": {"application/problem+json": {"schema": schema}},
        }
        for status in statuses
    }


def pdf_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """A PDF, or a problem with one of `statuses`."""
    pdf = {"application/pdf": {"schema": {"type": "string", "format": "binary"}}}
    return {200: {"content": pdf, "description": "The PDF."}, **problem_responses(*statuses)}


class RegisterRowIn(BaseModel):
    """One row of the one-stop system's dossier register, as `sohoa dossiers import` reads it."""

    model_config = ConfigDict(extra="forbid")

    code: str = Field(
        min_length=1,
        max_length=80,
        pattern=_LINE,
        description="Dossier code, e.g. H57.132-260804-0583 (no -KQ result suffix).",
        examples=["H57.132-260804-0583"],
    )
    procedure_code: str = Field(
        min_length=1, max_length=60, pattern=_LINE, description="TTHC code, e.g. 1.001612."
    )
    procedure_name: str = Field("", max_length=2000, pattern=_TEXT)
    field: str = Field("", max_length=300, pattern=_TEXT, description="Lĩnh vực.")
    unit: str = Field(
        min_length=1,
        max_length=100,
        pattern=_LINE,
        description="The receiving unit: its inbox folder name in Sohoa.",
    )
    channel: str = Field(
        max_length=40,
        pattern=_LINE,
        description="counter, online or postal (or trực tiếp, trực tuyến, bưu chính).",
        examples=["counter"],
    )
    received_at: str = Field(
        max_length=40,
        pattern=_LINE,
        description="ISO 8601 or dd/mm/yyyy[ HH:MM[:SS]]; without an offset, Vietnam time.",
        examples=["2026-08-04T08:30:00+07:00"],
    )
    due_at: str | None = Field(None, max_length=40, pattern=_LINE)
    resolved_at: str | None = Field(None, max_length=40, pattern=_LINE)
    result_required: bool = Field(description="Whether the procedure issues a written result.")


class RegisterPush(BaseModel):
    model_config = ConfigDict(extra="forbid")

    dossiers: list[RegisterRowIn] = Field(min_length=1, max_length=5000)


class RowProblemOut(BaseModel):
    row: int = Field(description="Position of the row in `dossiers`, from 1.")
    reason: str


class RegisterPushResult(BaseModel):
    created: int
    updated: int
    unchanged: int
    documents_linked: int = Field(description="Documents waiting for these codes, now linked.")
    problems: list[RowProblemOut] = Field(description="Rows refused; the others were imported.")


class DocumentOut(BaseModel):
    id: int
    kind: str = Field(description="intake (dossier papers) or result.")
    status: str = Field(description="received, digitized, split or quarantined.")
    file_name: str
    pages: int | None
    received_at: datetime
    digitized_at: datetime | None
    tagged: bool
    tag_source: str | None = Field(description="folder, file_name, barcode, text or clerk.")
    result_number: int | None = Field(description="n of a -KQn result.")
    signed: bool
    signed_at: datetime | None
    output_available: bool
    output_url: str | None


class ReceiptSummary(BaseModel):
    reference: str = Field(examples=["BI-26T-0000012"])
    form: str
    series: str
    number: int
    state: str = Field(description="issuing, failed, issued, cancelled or replaced.")
    issued_at: datetime
    total: int = Field(description="Đồng.")
    url: str


class DossierStatusOut(BaseModel):
    code: str
    registered: bool = Field(description="Whether the dossier is in the imported register.")
    unit: str | None
    procedure_code: str | None
    received_at: datetime | None
    resolved_at: datetime | None
    result_required: bool | None
    intake_digitized: bool | None = Field(
        description="Whether the intake papers count as digitized, exactly as the "
        "digitization rates count them: filed online, or a digitized intake document for "
        "every component an all-required procedure lists (one for any other procedure). "
        "None when the dossier is not in the register: the rates count registered dossiers."
    )
    result_digitized: bool | None = Field(
        description="Whether a result document is digitized, as the rates count it; None "
        "when the dossier is not in the register."
    )
    documents: list[DocumentOut]
    receipts: list[ReceiptSummary]


class ReceiptLineOut(BaseModel):
    name: str
    kind: str = Field(description="phí or lệ phí.")
    amount: int


class ReceiptOut(ReceiptSummary):
    kind: str = Field(description="The kind of receipt printed as its title (per series).")
    collector: str | None = Field(
        description="Họ tên người thu tiền, the issuing user's full name; null for a receipt "
        "issued before collectors were recorded."
    )
    payer: str
    dossier_code: str | None
    method: str = Field(description="cash, transfer or qr.")
    lines: list[ReceiptLineOut]
    replaces: str | None
    replaced_by: str | None
    cancel_reason: str | None
    record_sha256: str | None
    pdf_url: str | None
