"""The shapes of the fee catalogue's API: a fee, a new or changed fee, an import's outcome."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from queries.fees import FeeRow

_LINE = r"^[^\x00-\x1f\x7f]*$"  # one line of text: no control characters


class FeeOut(BaseModel):
    id: int
    procedure_code: str = Field(description="TTHC code, e.g. 1.001612.")
    procedure_name: str = Field(description="The procedure's name from the register, or ''.")
    name: str
    kind: str = Field(description="phí or lệ phí.")
    amount: int = Field(description="Whole đồng.")

    @classmethod
    def of(cls, row: FeeRow) -> FeeOut:
        return cls.model_validate(row.as_dict())


class FeeList(BaseModel):
    items: list[FeeOut]
    next_page: int | None = Field(description="The next page's number, if there is one.")


class FeeChangeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=300, pattern=_LINE)
    kind: str = Field(max_length=20, pattern=_LINE, description="phí or lệ phí.")
    amount: int = Field(description="Whole đồng, above 0.")


class FeeIn(FeeChangeIn):
    procedure_code: str = Field(
        min_length=1, max_length=60, pattern=_LINE, description="TTHC code, e.g. 1.001612."
    )


class FeeImportOut(BaseModel):
    added: int
    changed: int
    unchanged: int


class FeeRowProblemOut(BaseModel):
    row: int = Field(description="The row in the file, the header being row 1.")
    column: str
    value: str
    message: str = Field(description="What is wrong and what is accepted, in English.")
    message_vi: str = Field(description="The same in Vietnamese.")
