"""The picture Tesseract reads for a page, when the page as scanned is not the best one.

Only the reading changes: the output keeps the page as scanned, and the words found on the
prepared picture are mapped back onto it (the picture covers the same page, at `dpi`).
Each preparation is decided from the small preview already made for the quick checks, so
that a clean scan at a usual resolution is read as it is, with nothing more decoded.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PIL import Image

from digitizer.colour_ink import has_colour_ink, without_colour_ink
from digitizer.low_contrast import looks_low_contrast, without_specks
from digitizer.options import DigitizeOptions
from digitizer.page_image import preview_mode
from digitizer.reading import SCREEN_DPIS, ReadStep

# A page larger than A3 at its recorded resolution is not a low-resolution scan of paper
# (a photo or a drawing placed large): enlarging it would only cost time and memory.
_A3_INCHES = 11.7 * 16.5


@dataclass(frozen=True)
class Reading:
    picture: Path  # the page image itself, or a prepared copy beside it
    dpi: int  # the picture's resolution
    steps: tuple[ReadStep, ...]

    @property
    def local_thresholds(self) -> bool:
        """Whether Tesseract should threshold the picture locally (Sauvola)."""
        return ReadStep.THRESHOLDED in self.steps

    def prepared(self, image: Path) -> bool:
        return self.picture != image


def decoded_smaller(
    image: Path, size: tuple[int, int], dpi: int, options: DigitizeOptions
) -> Image.Image | None:
    """A JPEG page to be read at a lower resolution, decoded at it (DCT scaling) once for
    both the preview and the reading: decoding even an eighth of a 600-dpi JPEG costs
    nearly what decoding half of it does. In colour if it has any and colour matters."""
    read_dpi = _reading_dpi(dpi, size, options)
    if read_dpi >= dpi:
        return None  # the usual page: nothing opened beyond what the preview opens
    with Image.open(image) as picture:
        if picture.format != "JPEG":
            return None
        mode = preview_mode(picture, colour=options.drop_colour_ink)
    return _decoded(image, size, dpi, read_dpi, mode=mode)


def plan_reading(
    image: Path,
    size: tuple[int, int],
    dpi: int,
    preview: Image.Image,
    gray: Image.Image,
    options: DigitizeOptions,
    workdir: Path,
    decoded: Image.Image | None = None,
) -> Reading:
    """The picture to read `image` (`size` pixels at `dpi`) from, made when it has to be;
    `preview` is its small copy, in colour if it has any, and `gray` that copy in grey;
    `decoded` the page already decoded at its reading resolution (`decoded_smaller`)."""
    read_dpi = _reading_dpi(dpi, size, options)
    colour = options.drop_colour_ink and preview.mode == "RGB" and has_colour_ink(preview)
    low_contrast = options.adaptive_threshold and looks_low_contrast(gray)
    steps = _steps(dpi, read_dpi, colour=colour, low_contrast=low_contrast)
    if not steps:
        return Reading(image, dpi, ())
    mode = "RGB" if colour else "L"
    picture = decoded.convert(mode) if decoded else _decoded(image, size, dpi, read_dpi, mode=mode)
    grey: Image.Image = without_colour_ink(picture) if colour else picture
    if low_contrast:
        grey = without_specks(grey, read_dpi)
    target = workdir / f"{image.stem}-read.pgm"
    grey.save(target, format="PPM")
    return Reading(target, read_dpi, steps)


def _reading_dpi(dpi: int, size: tuple[int, int], options: DigitizeOptions) -> int:
    if dpi > options.max_read_dpi:
        return options.read_dpi
    upsampled_pixels = size[0] * size[1] * (options.read_dpi / max(dpi, 1)) ** 2
    if (
        dpi < options.min_read_dpi
        and dpi not in SCREEN_DPIS
        and upsampled_pixels <= _A3_INCHES * options.read_dpi**2
    ):
        return options.read_dpi
    return dpi


def _steps(dpi: int, read_dpi: int, *, colour: bool, low_contrast: bool) -> tuple[ReadStep, ...]:
    steps = []
    if read_dpi < dpi:
        steps.append(ReadStep.DOWNSAMPLED)
    elif read_dpi > dpi:
        steps.append(ReadStep.UPSAMPLED)
    if colour:
        steps.append(ReadStep.COLOUR_INK_DROPPED)
    if low_contrast:
        steps.append(ReadStep.THRESHOLDED)
    return tuple(steps)


def _decoded(
    image: Path, size: tuple[int, int], dpi: int, read_dpi: int, *, mode: str
) -> Image.Image:
    """The page at `read_dpi` in `mode`; a JPEG shrunk while decoding (DCT scaling)."""
    target = (round(size[0] * read_dpi / dpi), round(size[1] * read_dpi / dpi))
    with Image.open(image) as picture:
        if picture.format == "JPEG":
            picture.draft(mode, target)
        decoded = picture.convert(mode)
    if decoded.size == target:
        return decoded
    if decoded.width > target[0]:
        factor = decoded.width // target[0]
        if factor > 1:
            decoded = decoded.reduce(factor)
    if abs(decoded.width - target[0]) <= 1:
        return decoded
    return decoded.resize(target, Image.Resampling.LANCZOS)
