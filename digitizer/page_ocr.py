"""The work done for one page in a worker: picture, quick checks, one OCR run."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pikepdf
from PIL import Image

from digitizer.barcodes import read_barcodes
from digitizer.blank_page import looks_blank
from digitizer.errors import CorruptFileError
from digitizer.hocr import HocrSummary, hocr_text, summarize_hocr
from digitizer.hocr_layer import layer_from_hocr
from digitizer.hocr_lines import HocrPage, read_hocr_page
from digitizer.options import DigitizeOptions
from digitizer.orientation import looks_upright
from digitizer.page_image import load_preview, preview_of, render_page
from digitizer.read_image import decoded_smaller, plan_reading
from digitizer.reading import ReadStep
from digitizer.results import Barcode
from digitizer.tesseract import run_ocr


@dataclass(frozen=True)
class _Decoded:
    size: tuple[int, int]
    preview: Image.Image  # near PREVIEW_DPI, in colour if it has any and colour matters
    smaller: Image.Image | None  # the page at its reading resolution, when that is lower


def _decode(image: Path, task: PageTask, options: DigitizeOptions) -> _Decoded:
    colour = options.drop_colour_ink
    try:
        size = _size(image)
        smaller = decoded_smaller(image, size, task.dpi, options)
        if smaller is None:
            return _Decoded(size, load_preview(image, task.dpi, colour=colour), None)
        reading_dpi = round(task.dpi * smaller.width / size[0])
        return _Decoded(size, preview_of(smaller, reading_dpi, colour=colour), smaller)
    except (OSError, SyntaxError, ValueError) as exc:
        raise CorruptFileError(
            task.source,
            f"the image of page {task.number} is damaged ({exc})",
            code="digitize.page_image_damaged",
            params={"page": task.number, "reason": exc},
        ) from exc


@dataclass(frozen=True)
class PageTask:
    source: Path  # the file the user gave, for messages
    pdf_path: Path  # the PDF being digitized, for rendering
    number: int
    dpi: int
    image_path: Path | None  # None: render the page first
    workdir: Path


@dataclass(frozen=True)
class PageOcr:
    layer: pikepdf.Pdf
    text: str
    summary: HocrSummary
    barcodes: tuple[Barcode, ...]
    reading: tuple[str, ...] = ()  # `ReadStep` values: what was done to read the page


def ocr_page(task: PageTask, options: DigitizeOptions) -> PageOcr:
    image = task.image_path or render_page(
        task.pdf_path, task.number, task.dpi, task.workdir, options.limits.seconds_per_page
    )
    try:
        decoded = _decode(image, task, options)
        size, preview = decoded.size, decoded.preview
        gray = preview.convert("L")
        if options.skip_blank_pages and looks_blank(gray, task.dpi * gray.width / size[0]):
            return _blank_page(size, task.dpi)
        known_upright = options.rotate_pages and looks_upright(gray)
        barcodes = read_barcodes(gray, task.number, sideways_too=not known_upright)
        reading = plan_reading(
            image, size, task.dpi, preview, gray, options, task.workdir, decoded.smaller
        )
        try:
            hocr = run_ocr(
                reading.picture,
                source=task.source,
                page=task.number,
                language=options.language,
                dpi=reading.dpi,
                detect_orientation=options.rotate_pages and not known_upright,
                timeout=options.limits.seconds_per_page,
                local_thresholds=reading.local_thresholds,
            )
        finally:
            if reading.prepared(image):
                reading.picture.unlink(missing_ok=True)
    finally:
        image.unlink(missing_ok=True)
    page = read_hocr_page(hocr)
    return PageOcr(
        layer=layer_from_hocr(page, max(reading.dpi, 1)),
        text=hocr_text(page),
        summary=summarize_hocr(page),
        barcodes=barcodes,
        reading=tuple(str(step) for step in reading.steps),
    )


def _size(image: Path) -> tuple[int, int]:
    with Image.open(image) as picture:
        return picture.size


def _blank_page(size: tuple[int, int], dpi: int) -> PageOcr:
    """A page with no ink: an empty text layer of its size, nothing read."""
    empty = HocrPage(size[0], size[1], ())
    return PageOcr(
        layer=layer_from_hocr(empty, max(dpi, 1)),
        text="",
        summary=summarize_hocr(empty),
        barcodes=(),
        reading=(str(ReadStep.BLANK),),
    )
