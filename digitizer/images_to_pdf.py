"""Wrap scanned image files in a PDF without re-encoding them (img2pdf).

JPEG data is embedded as is, PNG and CCITT TIFF data without decoding, so that the
pixels the scanner made are the pixels archived. Transparency becomes a soft mask.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import img2pdf
from PIL import Image, ImageSequence, UnidentifiedImageError

from digitizer.errors import CorruptFileError, LimitExceededError
from digitizer.options import Limits

# Scanners that record no resolution are assumed to scan at the resolution the
# digitization rules recommend.
ASSUMED_DPI = 300
_PLAUSIBLE_MIN_DPI = 50

LayoutFun = Callable[[float, float, tuple[float, float]], tuple[float, float, float, float]]


def images_to_pdf(path: Path, target: Path, limits: Limits) -> tuple[str, ...]:
    """Write `target` with one page per image frame; return notes for the result."""
    frame_dpis, notes = _inspect_frames(path, limits)
    try:
        data = img2pdf.convert(
            str(path),
            layout_fun=_layout_by_frame(frame_dpis),
            rotation=img2pdf.Rotation.ifvalid,
        )
    except (img2pdf.ImageOpenError, OSError, ValueError) as exc:
        raise CorruptFileError(
            path,
            f"the image cannot be read ({exc})",
            code="digitize.image_unreadable",
            params={"reason": exc},
        ) from exc
    target.write_bytes(data)
    return notes


def count_frames(path: Path, limits: Limits) -> int:
    """The pages the image file makes, without decoding any (refused over the limit)."""
    try:
        with Image.open(path) as image:
            count = int(getattr(image, "n_frames", 1))
    except Image.DecompressionBombError as exc:
        raise _bomb(path, exc) from exc
    except (UnidentifiedImageError, OSError, SyntaxError) as exc:
        raise _damaged(path, exc) from exc
    limits.check_pages(path, count)
    return count


def _inspect_frames(path: Path, limits: Limits) -> tuple[list[float], tuple[str, ...]]:
    dpis: list[float] = []
    assumed = False
    try:
        with Image.open(path) as image:
            limits.check_pages(path, getattr(image, "n_frames", 1))
            for number, frame in enumerate(ImageSequence.Iterator(image), start=1):
                limits.check_pixels(path, number, *frame.size)
                dpi = _recorded_dpi(frame)
                assumed |= dpi is None
                dpis.append(dpi or ASSUMED_DPI)
    except Image.DecompressionBombError as exc:
        raise _bomb(path, exc) from exc
    except (UnidentifiedImageError, OSError, SyntaxError) as exc:
        raise _damaged(path, exc) from exc
    notes = (f"no scan resolution recorded; {ASSUMED_DPI} dpi assumed",) if assumed else ()
    return dpis, notes


def _bomb(path: Path, error: Image.DecompressionBombError) -> LimitExceededError:
    """Pillow refused the image before Sohoa could measure it: far over the pixel limit."""
    return LimitExceededError(
        path,
        f"the image has far too many pixels to decode ({error})",
        code="digitize.image_pixels",
        params={"reason": error},
    )


def _damaged(path: Path, error: Exception) -> CorruptFileError:
    return CorruptFileError(
        path,
        f"the image is damaged or truncated ({error})",
        code="digitize.image_damaged",
        params={"reason": error},
    )


def _recorded_dpi(frame: Image.Image) -> float | None:
    dpi = frame.info.get("dpi")
    if not dpi:
        return None
    horizontal = float(dpi[0])
    return horizontal if horizontal >= _PLAUSIBLE_MIN_DPI else None


def _layout_by_frame(dpis: list[float]) -> LayoutFun:
    """img2pdf calls the layout once per frame, in order: give each its own dpi."""
    remaining: Iterator[float] = iter(dpis)

    def layout(
        width_px: float, height_px: float, _dpi: tuple[float, float]
    ) -> tuple[float, float, float, float]:
        dpi = next(remaining, ASSUMED_DPI)
        width, height = width_px * 72 / dpi, height_px * 72 / dpi
        return width, height, width, height

    return layout
