"""What a digitization produced, page by page."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any


class PageSource(StrEnum):
    IMAGE = "image"  # OCR'd from the scanner's own image, extracted as stored
    RENDERED = "rendered"  # page drawn at the render resolution, then OCR'd
    TEXT = "text"  # page already carried text and was kept as it was
    EMPTY = "empty"  # page draws nothing, so there is nothing to read


class OutputKind(StrEnum):
    PDFA_2B = "PDF/A-2b"
    PDF = "PDF"
    ORIGINAL = "original"  # a signed input, copied unchanged


@dataclass(frozen=True)
class Barcode:
    page: int
    format: str
    text: str


@dataclass(frozen=True)
class PageResult:
    number: int
    source: PageSource
    dpi: int | None
    rotation: int  # degrees clockwise applied to show the page upright
    skew: float | None  # degrees; corrected only when deskew was asked for
    mean_confidence: float | None
    characters: int
    barcodes: tuple[Barcode, ...]
    text: str
    reading: tuple[str, ...] = ()  # `ReadStep` values: what was done to read the page


@dataclass(frozen=True)
class DigitizeResult:
    input_path: Path
    output_path: Path
    input_kind: str
    output_kind: OutputKind
    pages: tuple[PageResult, ...]
    seconds: float
    notes: tuple[str, ...]

    @property
    def text(self) -> str:
        return "\f".join(page.text for page in self.pages)

    @property
    def barcodes(self) -> tuple[Barcode, ...]:
        return tuple(code for page in self.pages for code in page.barcodes)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["input_path"] = str(self.input_path)
        data["output_path"] = str(self.output_path)
        data["page_count"] = len(self.pages)
        return data
