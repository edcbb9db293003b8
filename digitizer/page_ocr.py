"""The work done for one page in a worker: picture, quick checks, one OCR run."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pikepdf
from PIL import Image

from digitizer.barcodes import read_barcodes
from digitizer.errors import CorruptFileError
from digitizer.hocr import HocrSummary, hocr_text, summarize_hocr
from digitizer.hocr_layer import layer_from_hocr
from digitizer.hocr_lines import read_hocr_page
from digitizer.options import DigitizeOptions
from digitizer.orientation import looks_upright
from digitizer.page_image import load_preview, render_page
from digitizer.results import Barcode
from digitizer.tesseract import run_ocr


def _preview(image: Path, task: PageTask) -> Image.Image:
    try:
        return load_preview(image, task.dpi)
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
        preview = _preview(image, task)
        known_upright = options.rotate_pages and looks_upright(preview)
        barcodes = read_barcodes(preview, task.number, sideways_too=not known_upright)
        hocr = run_ocr(
            image,
            source=task.source,
            page=task.number,
            language=options.language,
            dpi=task.dpi,
            detect_orientation=options.rotate_pages and not known_upright,
            timeout=options.limits.seconds_per_page,
        )
    finally:
        image.unlink(missing_ok=True)
    page = read_hocr_page(hocr)
    return PageOcr(
        layer=layer_from_hocr(page, max(task.dpi, 1)),
        text=hocr_text(page),
        summary=summarize_hocr(page),
        barcodes=barcodes,
    )
