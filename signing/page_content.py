"""What already occupies the top of a page: the words of its text and the ink of its images.

- Words: poppler's `pdftotext -bbox` on that page, the same reading the digitizer's own
  check uses. On a digitized output these are the OCR text layer's words (each stretched
  over its picture); on a born-digital page, its real text. Widget appearances (earlier
  stamps) are read too.
- Ink: the dark parts of the images drawn on the page (the scan itself, a logo, a QR code,
  a seal or a handwritten signature that OCR does not report as words). A JPEG is decoded
  at an eighth of its size (libjpeg scales while it decodes) and only down to the last row
  that reaches the top part asked for (libjpeg decodes from the top of the picture); other
  images at full size, then reduced. The page is not rendered.

Vector drawings that are neither text nor images (ruled lines) are not seen.
"""

from __future__ import annotations

import math
import subprocess
import xml.etree.ElementTree as ElementTree
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

import numpy as np
import pikepdf
from numpy.typing import NDArray
from PIL import Image, ImageFile

from signing.errors import SignatureFailedError
from signing.page_geometry import Box, PageView

REDUCTION = 8
"""Images are read at 1/REDUCTION of their size: 8 makes a 300-dpi scan ~0.7 mm a pixel."""
INK_BELOW_PAPER = 48
"""A pixel this much darker than the paper (its image's bright level) is ink."""
_MAX_TREE_DEPTH = 8
_PDFTOTEXT_SECONDS = 30
_XHTML = "{http://www.w3.org/1999/xhtml}"


def occupied_boxes(path: Path, page_index: int, view: PageView, depth: float) -> tuple[Box, ...]:
    """The words and inked areas of a page that reach within `depth` points of its top,
    in view coordinates."""
    reading = _start_pdftotext(path, page_index)
    try:
        ink = list(_ink_boxes(path, page_index, view, depth))
    finally:
        words = _finish_pdftotext(reading, path, view)
    lowest = view.height - depth
    return tuple(box for box in [*words, *ink] if box.top > lowest)


def _start_pdftotext(path: Path, page_index: int) -> subprocess.Popen[bytes]:
    page = str(page_index + 1)
    command = ["pdftotext", "-bbox", "-enc", "UTF-8", "-f", page, "-l", page, str(path), "-"]
    try:
        return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    except OSError as error:
        raise _words_unreadable(path, error) from error


def _finish_pdftotext(reading: subprocess.Popen[bytes], path: Path, view: PageView) -> list[Box]:
    """The words read, as boxes; pdftotext gives them in the view, y down from the top."""
    try:
        output, _ = reading.communicate(timeout=_PDFTOTEXT_SECONDS)
    except subprocess.TimeoutExpired:
        reading.kill()
        reading.communicate()
        output = b""
    if reading.returncode != 0:
        raise _words_unreadable(path, f"pdftotext ended with {reading.returncode}")
    try:
        read = ElementTree.fromstring(output)
    except ElementTree.ParseError as error:
        raise _words_unreadable(path, error) from error
    words = []
    for word in read.iter(f"{_XHTML}word"):
        x_min, y_min, x_max, y_max = (float(word.get(key, 0)) for key in _BBOX_KEYS)
        if x_max > x_min and y_max > y_min:
            words.append(Box(x_min, view.height - y_max, x_max, view.height - y_min))
    return words


_BBOX_KEYS = ("xMin", "yMin", "xMax", "yMax")


def _words_unreadable(path: Path, reason: object) -> SignatureFailedError:
    return SignatureFailedError(
        f"Cannot read the words of {path.name} to place the signature stamp: {reason}",
        code="signing_stamp.words_unreadable",
        params={"file": path.name, "reason": reason},
    )


def _ink_boxes(path: Path, page_index: int, view: PageView, depth: float) -> Iterator[Box]:
    to_view = pikepdf.Matrix(*view.user_to_view())
    with pikepdf.open(path) as pdf:
        page = pdf.pages[page_index]
        drawn = _drawn_images(page.obj, _page_resources(page.obj), pikepdf.Matrix(), 0)
        for image, placed in drawn:
            in_view = placed @ to_view
            grey = _small_grey(image, _rows_reaching(in_view, view, depth))
            if grey is not None:
                yield from _ink_in_view(grey, in_view)


def _rows_reaching(in_view: pikepdf.Matrix, view: PageView, depth: float) -> float:
    """The share of an image's rows, from its top, that reaches the top `depth` of the view."""
    try:
        back = in_view.inverse()
    except ValueError:
        return 1.0  # drawn flat: no row shows
    band = [(x, y) for x in (0, view.width) for y in (view.height - depth, view.height)]
    lowest_v = min(back.transform(corner)[1] for corner in band)
    return min(max(1 - lowest_v, 0.0), 1.0)


def _page_resources(page: pikepdf.Object) -> pikepdf.Object | None:
    node: pikepdf.Object | None = page
    for _level in range(_MAX_TREE_DEPTH):  # resources may be inherited; a damaged tree may loop
        if not isinstance(node, pikepdf.Dictionary):
            return None
        if "/Resources" in node:
            return node.Resources
        node = node.get("/Parent")
    return None


def _drawn_images(
    container: pikepdf.Object, resources: pikepdf.Object | None, ctm: pikepdf.Matrix, depth: int
) -> Iterator[tuple[pikepdf.Stream, pikepdf.Matrix]]:
    """Each image XObject drawn by a page or form, with the matrix placing its unit square."""
    xobjects = resources.get("/XObject") if isinstance(resources, pikepdf.Dictionary) else None
    stack: list[pikepdf.Matrix] = []
    for instruction in pikepdf.parse_content_stream(container):
        if not isinstance(instruction, pikepdf.ContentStreamInstruction):
            continue  # an inline image: small by rule (ISO 32000-1 § 8.9.7), not a scan
        operands, name = instruction.operands, str(instruction.operator)
        if name == "q":
            stack.append(ctm)
        elif name == "Q":
            ctm = stack.pop() if stack else ctm
        elif name == "cm":
            ctm = _matrix(operands) @ ctm
        elif name == "Do" and isinstance(xobjects, pikepdf.Dictionary) and operands:
            drawn = xobjects.get(str(operands[0]))
            if not isinstance(drawn, pikepdf.Stream):
                continue
            subtype = drawn.get("/Subtype")
            if subtype == pikepdf.Name.Image:
                yield drawn, ctm
            elif subtype == pikepdf.Name.Form and depth < _MAX_TREE_DEPTH:
                own = _matrix(drawn.get("/Matrix"))
                inner = drawn.get("/Resources", resources)
                yield from _drawn_images(drawn, inner, own @ ctm, depth + 1)


def _matrix(values: object) -> pikepdf.Matrix:
    """Six numbers as a matrix; anything else (absent or damaged) as the identity."""
    try:
        numbers = [float(value) for value in values]  # type: ignore[attr-defined]
        return pikepdf.Matrix(*numbers) if len(numbers) == 6 else pikepdf.Matrix()
    except (TypeError, ValueError):
        return pikepdf.Matrix()


@dataclass(frozen=True)
class _Grey:
    pixels: NDArray[np.uint8]
    """The top rows of the image (all of them, or as many as were asked for)."""
    height: int
    """The whole image's height at the same scale."""


def _small_grey(image: pikepdf.Stream, rows_share: float) -> _Grey | None:
    """The image in grey at 1/REDUCTION of its size, at least its top `rows_share` of rows
    (a JPEG's other rows may be left out); None if it cannot be decoded."""
    try:
        jpeg = _jpeg_bytes(image)
        if jpeg is not None:
            return _small_jpeg(jpeg, rows_share)
        with pikepdf.PdfImage(image).as_pil_image() as whole:
            small = np.asarray(whole.convert("L").reduce(REDUCTION))
            return _Grey(small, small.shape[0])
    except Exception:  # pikepdf and PIL raise many kinds of error on odd images
        return None  # an image that cannot be decoded: its text still counts through the words


def _dilated(mask: NDArray[np.bool_]) -> NDArray[np.bool_]:
    grown = mask.copy()
    grown[:, 1:] |= mask[:, :-1]
    grown[:, :-1] |= mask[:, 1:]
    return grown


def _eroded(mask: NDArray[np.bool_]) -> NDArray[np.bool_]:
    shrunk = mask.copy()
    shrunk[:, 1:] &= mask[:, :-1]
    shrunk[:, :-1] &= mask[:, 1:]
    return shrunk


def _small_jpeg(jpeg: bytes, rows_share: float) -> _Grey:
    with Image.open(BytesIO(jpeg)) as opened:
        opened.draft("L", (opened.width // REDUCTION, opened.height // REDUCTION))
        rows = min(opened.height, math.ceil(opened.height * rows_share) + 1)
        top = _decoded_top(opened, jpeg, rows) if rows < opened.height else None
        pixels = top if top is not None else np.asarray(opened.convert("L"))
        return _Grey(pixels, opened.height)


def _decoded_top(opened: ImageFile.ImageFile, jpeg: bytes, rows: int) -> NDArray[np.uint8] | None:
    """The first `rows` rows of an opened JPEG, decoded alone: libjpeg stops there.

    Pillow's `load` would call a stream left unfinished broken, so its decoder is driven
    directly, as `load` drives it; should that interface change, None (decode it all).
    """
    try:
        [(name, _extents, offset, arguments)] = opened.tile
        decoder = Image._getdecoder(opened.mode, name, arguments, opened.decoderconfig)
        top = Image.new(opened.mode, (opened.width, rows))
        decoder.setimage(top.im, (0, 0, opened.width, rows))
        try:
            decoder.decode(jpeg[offset:])  # ends "broken": the rows after `rows` are never read
        finally:
            decoder.cleanup()
        return np.asarray(top.convert("L"))
    except (AttributeError, TypeError, ValueError):
        return None


def _jpeg_bytes(image: pikepdf.Stream) -> bytes | None:
    """The JPEG inside a DCTDecode image (plain, or wrapped in Flate as the digitizer may)."""
    filters = image.get("/Filter")
    names = list(filters) if isinstance(filters, pikepdf.Array) else [filters]
    if names == [pikepdf.Name.DCTDecode]:
        return image.read_raw_bytes()
    if names == [pikepdf.Name.FlateDecode, pikepdf.Name.DCTDecode]:
        return zlib.decompress(image.read_raw_bytes())
    return None


def _ink_in_view(grey: _Grey, matrix: pikepdf.Matrix) -> Iterator[Box]:
    """Boxes around the runs of ink along each pair of rows, mapped by `matrix` from the
    image's unit square (y up)."""
    paper = float(np.percentile(grey.pixels, 90))
    ink = grey.pixels < paper - INK_BELOW_PAPER
    rows, columns = grey.height, ink.shape[1]
    closed = _eroded(_dilated(ink))  # gaps of one or two pixels along a row filled
    if ink.shape[0] % 2:
        closed = np.vstack((closed, np.zeros((1, columns), dtype=bool)))
    paired = closed[0::2] | closed[1::2]
    edges = np.diff(np.pad(paired.view(np.int8), ((0, 0), (1, 1))), axis=1)
    start_rows, starts = np.nonzero(edges == 1)
    _, ends = np.nonzero(edges == -1)
    left, right = starts / columns, ends / columns
    top, bottom = 1 - 2 * start_rows / rows, 1 - (2 * start_rows + 2) / rows
    a, b, c, d, e, f = matrix.shorthand
    xs = np.stack([a * x + c * y + e for x in (left, right) for y in (bottom, top)])
    ys = np.stack([b * x + d * y + f for x in (left, right) for y in (bottom, top)])
    found = zip(xs.min(0), ys.min(0), xs.max(0), ys.max(0), strict=True)
    for x_min, y_min, x_max, y_max in found:
        yield Box(float(x_min), float(y_min), float(x_max), float(y_max))
