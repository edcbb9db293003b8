"""What the caller asks of a digitization."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from config.settings import Settings
from digitizer.errors import LimitExceededError


@dataclass(frozen=True)
class Limits:
    max_file_bytes: int = 500 * 2**20
    max_pages: int = 2000
    max_page_pixels: int = 150_000_000
    seconds_per_page: float = 180.0

    def check_pages(self, path: Path, count: int) -> None:
        if count > self.max_pages:
            raise LimitExceededError(
                path,
                f"{count} pages, more than the limit of {self.max_pages}",
                code="digitize.too_many_pages",
                params={"pages": count, "limit": self.max_pages},
            )

    def check_pixels(self, path: Path, page: int, width: int, height: int) -> None:
        if width * height > self.max_page_pixels:
            raise LimitExceededError(
                path,
                f"page {page} is {width}x{height} pixels, more than the limit of "
                f"{self.max_page_pixels / 1e6:g} million",
                code="digitize.page_too_large",
                params={
                    "page": page,
                    "width": width,
                    "height": height,
                    "limit": f"{self.max_page_pixels / 1e6:g}",
                },
            )


@dataclass(frozen=True)
class DigitizeOptions:
    language: str = "vie"
    jobs: int = 0
    render_dpi: int = 300
    rotate_pages: bool = True
    deskew: bool = False
    force: bool = False
    pdfa: bool = True
    deflate_jpeg: bool = False
    flatten_photos: bool = True
    drop_colour_ink: bool = True
    read_dpi: int = 300
    max_read_dpi: int = 400
    min_read_dpi: int = 200
    adaptive_threshold: bool = True
    skip_blank_pages: bool = True
    title: str | None = None
    dossier_code: str | None = None
    limits: Limits = field(default_factory=Limits)

    @property
    def workers(self) -> int:
        return self.jobs if self.jobs > 0 else (os.cpu_count() or 1)

    @classmethod
    def from_settings(cls, settings: Settings) -> DigitizeOptions:
        ocr, limits = settings.ocr, settings.limits
        return cls(
            language=ocr.language,
            jobs=ocr.jobs,
            render_dpi=ocr.render_dpi,
            rotate_pages=ocr.rotate_pages,
            deskew=ocr.deskew,
            force=ocr.force,
            pdfa=ocr.pdfa,
            deflate_jpeg=ocr.deflate_jpeg,
            flatten_photos=ocr.flatten_photos,
            drop_colour_ink=ocr.drop_colour_ink,
            read_dpi=ocr.read_dpi,
            max_read_dpi=ocr.max_read_dpi,
            min_read_dpi=ocr.min_read_dpi,
            adaptive_threshold=ocr.adaptive_threshold,
            skip_blank_pages=ocr.skip_blank_pages,
            limits=Limits(
                max_file_bytes=int(limits.max_file_mb * 2**20),
                max_pages=limits.max_pages,
                max_page_pixels=int(limits.max_page_megapixels * 1_000_000),
                seconds_per_page=limits.seconds_per_page,
            ),
        )
