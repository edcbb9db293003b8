"""Decide, page by page, how each page is read: its own image, a rendering, or not at all."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pikepdf
from pikepdf import Matrix, Name

from digitizer.geometry import Box, covered_fraction, drawn_dpi
from digitizer.options import DigitizeOptions
from digitizer.page_content import PageContent, read_page_content
from digitizer.results import PageSource

# A scanner's page image may leave a thin margin uncovered.
_FULL_PAGE_COVERAGE = 0.9


@dataclass(frozen=True)
class PagePlan:
    number: int  # 1-based
    source: PageSource
    dpi: int | None
    box: Box  # the visible (crop) box in user space
    rotate: int  # the page's /Rotate as found
    image: pikepdf.Stream | None = None
    image_matrix: Matrix | None = None  # image unit square to user space
    uses_device_cmyk: bool = False


def visible_box(page: pikepdf.Page) -> Box:
    x0, y0, x1, y1 = (float(value) for value in page.cropbox)
    return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)


def plan_page(page: pikepdf.Page, number: int, path: Path, options: DigitizeOptions) -> PagePlan:
    box = visible_box(page)
    rotate = int(page.obj.get(Name.Rotate, 0)) % 360
    content = read_page_content(page)
    cmyk = content.uses_device_cmyk
    if content.has_text and not options.force:
        return PagePlan(number, PageSource.TEXT, None, box, rotate, uses_device_cmyk=cmyk)
    if not (content.has_text or content.other_painting or content.images or content.forms):
        return PagePlan(number, PageSource.EMPTY, None, box, rotate)
    scan = _sole_page_image(content, box)
    if scan is not None:
        width, height = int(scan.image.Width), int(scan.image.Height)
        options.limits.check_pixels(path, number, width, height)
        dpi = round(drawn_dpi(scan.matrix, width))
        return PagePlan(
            number=number,
            source=PageSource.IMAGE,
            dpi=dpi,
            box=box,
            rotate=rotate,
            image=scan.image,
            image_matrix=scan.matrix,
            uses_device_cmyk=cmyk,
        )
    dpi = options.render_dpi
    width_px = round((box[2] - box[0]) / 72 * dpi)
    height_px = round((box[3] - box[1]) / 72 * dpi)
    options.limits.check_pixels(path, number, width_px, height_px)
    return PagePlan(number, PageSource.RENDERED, dpi, box, rotate, uses_device_cmyk=cmyk)


def _sole_page_image(content: PageContent, box: Box) -> _Scan | None:
    if content.has_text or content.other_painting or content.forms or len(content.images) != 1:
        return None
    drawn = content.images[0]
    image = drawn.image
    if image.get(Name.ImageMask, False) or Name.Width not in image or Name.Height not in image:
        return None
    if covered_fraction(drawn.matrix, box) < _FULL_PAGE_COVERAGE:
        return None
    return _Scan(image, drawn.matrix)


@dataclass(frozen=True)
class _Scan:
    image: pikepdf.Stream
    matrix: Matrix
