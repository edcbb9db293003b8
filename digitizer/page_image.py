"""The picture of a page that Tesseract reads, and a small grey copy for quick checks."""

from __future__ import annotations

import math
import subprocess
from pathlib import Path

import pikepdf
import pikepdf.models.image as image_errors
from pdf2image import convert_from_path
from pdf2image.exceptions import PDFPageCountError, PDFSyntaxError
from pikepdf import Name
from PIL import Image

from config.errors import MissingDependencyError
from digitizer.errors import CorruptFileError, LimitExceededError

PREVIEW_DPI = 150
# What pikepdf raises for images it cannot decode (JBIG2 without jbig2dec, odd colour).
_UNDECODABLE = (
    pikepdf.PdfError,
    pikepdf.DependencyError,
    image_errors.HifiPrintImageNotTranscodableError,
    image_errors.ImageDecompressionError,
    image_errors.InvalidPdfImageError,
    image_errors.NotExtractableError,
    image_errors.UnsupportedImageTypeError,
    NotImplementedError,
    ValueError,
    OSError,
)
_JPEG_READABLE_SPACES = (Name.DeviceGray, Name.DeviceRGB)
_PNM_MODES = {"1": "1", "L": "L", "RGB": "RGB"}
_GREY_MODES = ("1", "L", "LA", "I", "I;16", "F")


class NotExtractableError(Exception):
    """The image cannot be handed to Tesseract as stored: the page is rendered instead."""


def extract_image(image: pikepdf.Stream, target_stem: Path) -> Path:
    """Write the image as stored when Tesseract can read it so, else decoded to PNM."""
    filters = image.get(Name.Filter)
    if (
        filters == Name.DCTDecode
        and image.get(Name.ColorSpace) in _JPEG_READABLE_SPACES
        and Name.Decode not in image
    ):
        path = target_stem.with_suffix(".jpg")
        path.write_bytes(image.read_raw_bytes())
        return path
    try:
        picture = pikepdf.PdfImage(image)
        if filters == Name.CCITTFaxDecode:
            return Path(str(picture.extract_to(fileprefix=str(target_stem))))
        decoded = picture.as_pil_image()
    except _UNDECODABLE as exc:
        raise NotExtractableError(f"{type(exc).__name__}: {exc}") from exc
    return _save_pnm(decoded, target_stem)


def _save_pnm(picture: Image.Image, target_stem: Path) -> Path:
    mode = _PNM_MODES.get(picture.mode)
    if mode is None:
        picture = picture.convert("L" if picture.mode in ("LA", "I", "I;16", "F") else "RGB")
    path = target_stem.with_suffix(".pnm")
    picture.save(path, format="PPM")
    return path


def render_page(pdf_path: Path, page: int, dpi: int, target_dir: Path, timeout: float) -> Path:
    """Draw one page (1-based) as the viewer shows it: crop box, /Rotate applied."""
    try:
        paths = convert_from_path(
            pdf_path,
            dpi=dpi,
            first_page=page,
            last_page=page,
            fmt="ppm",
            output_folder=target_dir,
            output_file=f"render-{page}",
            paths_only=True,
            use_cropbox=True,
            timeout=math.ceil(timeout),
        )
    except subprocess.TimeoutExpired as exc:
        raise LimitExceededError(
            pdf_path,
            f"page {page} took longer than {timeout:g} s to render",
            code="digitize.render_timeout",
            params={"page": page, "seconds": f"{timeout:g}"},
        ) from exc
    except (PDFPageCountError, PDFSyntaxError) as exc:
        raise CorruptFileError(
            pdf_path,
            f"page {page} cannot be drawn ({exc})",
            code="digitize.page_undrawable",
            params={"page": page, "reason": exc},
        ) from exc
    except FileNotFoundError as exc:
        raise MissingDependencyError(
            "poppler-utils is not installed; run 'make setup' or apt-get install poppler-utils",
            code="dependency.poppler_missing",
        ) from exc
    if not paths:
        raise CorruptFileError(
            pdf_path,
            f"page {page} could not be drawn",
            code="digitize.page_not_drawn",
            params={"page": page},
        )
    return Path(str(paths[0]))


def load_preview(path: Path, dpi: int, *, colour: bool = False) -> Image.Image:
    """A copy near PREVIEW_DPI, decoded cheaply (JPEG DCT scaling): greyscale, or in colour
    when `colour` is asked and the picture has any."""
    picture = Image.open(path)
    factor = max(1, dpi // PREVIEW_DPI)
    target_width = max(1, picture.width // factor)
    mode = preview_mode(picture, colour=colour)
    if picture.format == "JPEG":
        picture.draft(mode, (target_width, max(1, picture.height // factor)))
    return _reduced_to(picture.convert(mode), target_width)


def preview_of(picture: Image.Image, dpi: int, *, colour: bool = False) -> Image.Image:
    """`load_preview` of a page already decoded at `dpi`, without decoding it again."""
    factor = max(1, dpi // PREVIEW_DPI)
    return _reduced_to(
        picture.convert(preview_mode(picture, colour=colour)), picture.width // factor
    )


def preview_mode(picture: Image.Image, *, colour: bool) -> str:
    return "RGB" if colour and picture.mode not in _GREY_MODES else "L"


def _reduced_to(picture: Image.Image, width: int) -> Image.Image:
    remaining = picture.width // max(1, width)
    return picture.reduce(remaining) if remaining > 1 else picture
