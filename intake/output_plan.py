"""From what OCR found to the documents to write: one per dossier in a stack, tagged."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath

from digitizer import DigitizeResult, OutputKind, PageResult
from dossiers import StackPart, Tag, TagSource, choose_tag, split_stack


@dataclass(frozen=True)
class PlannedOutput:
    pages: tuple[int, ...]  # page numbers in the digitized file, 1-based
    tag: Tag | None
    name: str  # file name of the output

    @property
    def whole(self) -> bool:
        return self.pages == ()


def explicit_tag(folder_name: str | None, file_name: str) -> Tag | None:
    """The tag a clerk gave by where or how the file was dropped, known before any OCR."""
    return choose_tag(folder_name=folder_name, file_name=file_name, barcode_texts=(), page_texts=())


def plan_outputs(
    result: DigitizeResult, *, folder_name: str | None, file_name: str
) -> list[PlannedOutput]:
    stem = PurePath(file_name).stem
    if result.output_kind == OutputKind.ORIGINAL:
        return [PlannedOutput((), explicit_tag(folder_name, file_name), f"{stem}.pdf")]
    parts = split_stack([(_codes(page), page.text) for page in result.pages])
    if len(parts) == 1 and parts[0].code is None:
        return [PlannedOutput((), _tag(result.pages, folder_name, file_name), f"{stem}.pdf")]
    return [_part_output(part, result, folder_name, file_name, stem) for part in parts]


def _part_output(
    part: StackPart, result: DigitizeResult, folder_name: str | None, file_name: str, stem: str
) -> PlannedOutput:
    if part.code is not None:
        tag: Tag | None = Tag(part.code, TagSource.barcode)
    else:
        pages = [result.pages[number - 1] for number in part.pages]
        tag = _tag(pages, folder_name, file_name)
    first, last = part.pages[0], part.pages[-1]
    return PlannedOutput(part.pages, tag, f"{stem}-p{first}-{last}.pdf")


def _tag(
    pages: tuple[PageResult, ...] | list[PageResult], folder: str | None, name: str
) -> Tag | None:
    return choose_tag(
        folder_name=folder,
        file_name=name,
        barcode_texts=[code for page in pages for code in _codes(page)],
        page_texts=[page.text for page in pages],
    )


def _codes(page: PageResult) -> list[str]:
    return [barcode.text for barcode in page.barcodes]
