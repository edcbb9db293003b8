"""Wrap scanned image files in a PDF without re-encoding them (img2pdf).

JPEG data is embedded as is, PNG and CCITT TIFF data without decoding, so that the
pixels the scanner made are the pixels archived. Transparency becomes a soft mask.
A phone photo of a sheet is the exception: its page shows the sheet flattened
(`photo_page`), a JPEG at the reading resolution, since the photo itself is no page.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

import img2pdf
import pikepdf
from PIL import Image, ImageSequence, UnidentifiedImageError

from digitizer.errors import CorruptFileError, LimitExceededError
from digitizer.options import DigitizeOptions, Limits
from digitizer.photo_page import A4_MM, flatten_photo, looks_like_photo, taken_by_camera
from digitizer.reading import ReadStep

# Scanners that record no resolution are assumed to scan at the resolution the
# digitization rules recommend.
ASSUMED_DPI = 300
_PLAUSIBLE_MIN_DPI = 50
_FLAT_PAGE_QUALITY = 85

LayoutFun = Callable[[float, float, tuple[float, float]], tuple[float, float, float, float]]


@dataclass(frozen=True)
class ImagePages:
    """What wrapping the frames did: notes for the result, and each page's `ReadStep`s."""

    notes: tuple[str, ...]
    reading: dict[int, tuple[str, ...]] = field(default_factory=dict)


@dataclass
class _Frames:
    dpis: list[float] = field(default_factory=list)
    flattened: dict[int, bytes] = field(default_factory=dict)  # page number: JPEG
    unflattened: list[int] = field(default_factory=list)  # photos whose sheet was not found
    assumed_dpi: bool = False


def images_to_pdf(path: Path, target: Path, options: DigitizeOptions) -> ImagePages:
    """Write `target` with one page per image frame; say what was done to each."""
    frames = _inspect_frames(path, options)
    data = _wrap(path, str(path), _layout_by_frame(frames.dpis), img2pdf.Rotation.ifvalid)
    if frames.flattened:
        _put_flat_pages(path, data, frames.flattened, target, options.read_dpi)
    else:
        target.write_bytes(data)
    return _report(frames)


def _wrap(path: Path, image: str | bytes, layout: LayoutFun, rotation: img2pdf.Rotation) -> bytes:
    try:
        data: bytes = img2pdf.convert(image, layout_fun=layout, rotation=rotation)
    except (img2pdf.ImageOpenError, OSError, ValueError) as exc:
        raise CorruptFileError(
            path,
            f"the image cannot be read ({exc})",
            code="digitize.image_unreadable",
            params={"reason": exc},
        ) from exc
    return data


def _put_flat_pages(
    path: Path, data: bytes, flattened: dict[int, bytes], target: Path, dpi: int
) -> None:
    """Swap each flattened photo's page for a page showing the flat sheet."""
    with ExitStack() as open_pdfs:
        pdf = open_pdfs.enter_context(pikepdf.open(io.BytesIO(data)))
        for number, jpeg in flattened.items():
            flat_page = _wrap(path, jpeg, _layout_at(dpi), img2pdf.Rotation.none)
            flat = open_pdfs.enter_context(pikepdf.open(io.BytesIO(flat_page)))
            pdf.pages[number - 1] = flat.pages[0]
        pdf.save(target)  # while the flat pages' sources are still open


def _report(frames: _Frames) -> ImagePages:
    notes = []
    if frames.assumed_dpi:
        notes.append(f"no scan resolution recorded; {ASSUMED_DPI} dpi assumed")
    reading: dict[int, tuple[str, ...]] = {}
    for number in frames.flattened:
        reading[number] = (ReadStep.FLATTENED.value,)
    for number in frames.unflattened:
        reading[number] = (ReadStep.NOT_FLATTENED.value,)
        notes.append(
            f"page {number}: a photo whose page edges could not be found; read as photographed"
        )
    return ImagePages(tuple(notes), reading)


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


def _inspect_frames(path: Path, options: DigitizeOptions) -> _Frames:
    limits = options.limits
    frames = _Frames()
    try:
        with Image.open(path) as image:
            limits.check_pages(path, getattr(image, "n_frames", 1))
            for number, frame in enumerate(ImageSequence.Iterator(image), start=1):
                limits.check_pixels(path, number, *frame.size)
                dpi = _recorded_dpi(frame)
                frames.dpis.append(dpi or ASSUMED_DPI)
                if options.flatten_photos and looks_like_photo(frame, dpi):
                    flat = flatten_photo(frame, options.read_dpi)
                    if flat is not None:
                        frames.flattened[number] = _jpeg(flat, options.read_dpi)
                        continue
                    if taken_by_camera(frame):  # a scan without a resolution is no news
                        frames.unflattened.append(number)
                        frames.dpis[-1] = _as_long_as_a4(frame, options.min_read_dpi)
                        continue
                frames.assumed_dpi |= dpi is None
    except Image.DecompressionBombError as exc:
        raise _bomb(path, exc) from exc
    except (UnidentifiedImageError, OSError, SyntaxError) as exc:
        raise _damaged(path, exc) from exc
    return frames


def _as_long_as_a4(frame: Image.Image, min_dpi: int) -> float:
    """The resolution that shows a photo as long as an A4 sheet (the 72 dpi a camera
    records would make a page a metre wide), or smaller when it has too few pixels to be
    read at that size: enlarging a photo adds no detail."""
    return max(max(frame.size) * 25.4 / A4_MM[1], min_dpi)


def _jpeg(page: Image.Image, dpi: int) -> bytes:
    out = io.BytesIO()
    page.save(out, format="JPEG", quality=_FLAT_PAGE_QUALITY, dpi=(dpi, dpi))
    return out.getvalue()


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


def _layout_at(dpi: float) -> LayoutFun:
    return _layout_by_frame([dpi])


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
