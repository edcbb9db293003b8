"""What occupies a page: the ink of its picture and the words of its text, where the reader
sees them."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

import img2pdf
import numpy as np
import pikepdf
import pytest
from PIL import Image, ImageDraw
from pyhanko.pdf_utils.reader import PdfFileReader

from signing.page_content import REDUCTION, _decoded_top, occupied_boxes
from signing.page_geometry import Box, PageView
from signing.stamp_geometry import read_page_view
from tests.support.signed_pdfs import make_unsigned_pdf

DPI = 150
SIZE = (1240, 1754)  # A4 at 150 dpi
POINTS = 72 / DPI
TOLERANCE = 8 * 72 / DPI * 2  # two cells of the picture read at an eighth of its size
MARKS = [(950, 60, 1150, 140), (80, 1500, 300, 1600)]  # near the top-right, the bottom-left


def page_with_marks(folder: Path, picture_format: str, rotate: int) -> Path:
    """A scan-like page: white, with two black blocks (ink that is no word)."""
    picture = Image.new("L", SIZE, 250)
    draw = ImageDraw.Draw(picture)
    for mark in MARKS:
        draw.rectangle(mark, fill=10)
    image = folder / f"trang.{picture_format}"
    picture.save(image, dpi=(DPI, DPI))
    pdf = folder / "trang.pdf"
    pdf.write_bytes(img2pdf.convert(str(image)))
    if rotate:
        with pikepdf.open(pdf, allow_overwriting_input=True) as opened:
            opened.pages[0].Rotate = rotate
            opened.save(pdf)
    return pdf


def view_of(path: Path) -> PageView:
    with path.open("rb") as opened:
        return read_page_view(PdfFileReader(opened, strict=False), 0)


def mark_in_view(mark: tuple[int, int, int, int], view: PageView) -> Box:
    left, top, right, bottom = mark
    height = SIZE[1] * POINTS
    user = Box(
        left * POINTS, height - (bottom + 1) * POINTS, (right + 1) * POINTS, height - top * POINTS
    )
    return view.to_view(user)


def grown(box: Box, by: float) -> Box:
    return Box(box.left - by, box.bottom - by, box.right + by, box.top + by)


@pytest.mark.parametrize("rotate", [0, 90, 180])
@pytest.mark.parametrize("picture_format", ["jpeg", "png"])
def test_ink_of_the_picture_is_found_where_the_reader_sees_it(
    tmp_path: Path, picture_format: str, rotate: int
) -> None:
    pdf = page_with_marks(tmp_path, picture_format, rotate)
    view = view_of(pdf)
    depth = view.height / 2

    found = occupied_boxes(pdf, 0, view, depth)

    marks = [mark_in_view(mark, view) for mark in MARKS]
    in_reach = [mark for mark in marks if mark.top > view.height - depth]
    assert len(in_reach) == 1  # one block shows in the top half, whichever way the page turns
    assert all(any(box.overlaps(mark) for box in found) for mark in in_reach)
    assert all(any(grown(mark, TOLERANCE).overlaps(box) for mark in marks) for box in found)
    covered = [box for box in found if box.overlaps(in_reach[0])]
    assert min(box.left for box in covered) == pytest.approx(in_reach[0].left, abs=TOLERANCE)
    assert max(box.right for box in covered) == pytest.approx(in_reach[0].right, abs=TOLERANCE)
    assert max(box.top for box in covered) == pytest.approx(in_reach[0].top, abs=TOLERANCE)


def test_words_of_the_text_are_found_in_the_view(tmp_path: Path) -> None:
    # 24 pt Helvetica on the baseline at (72, 720).
    path = make_unsigned_pdf(tmp_path / "chu.pdf", b"Giay tiep nhan")

    found = occupied_boxes(path, 0, view_of(path), depth=200)

    assert len(found) == 3  # three words, no ink
    assert min(box.left for box in found) == pytest.approx(72, abs=1)
    assert all(710 < box.bottom < 720 < box.top < 750 for box in found)


def test_the_top_of_a_jpeg_decodes_alone_as_it_does_in_the_whole(tmp_path: Path) -> None:
    # The fast path: were Pillow's decoder interface to change, reading would fall back to
    # decoding the whole picture, correct but slower; this says so.
    picture = Image.new("L", SIZE, 250)
    ImageDraw.Draw(picture).rectangle(MARKS[0], fill=10)
    ImageDraw.Draw(picture).ellipse((400, 100, 700, 300), fill=90)
    path = tmp_path / "trang.jpeg"
    picture.save(path, quality=75)
    jpeg = path.read_bytes()

    with Image.open(BytesIO(jpeg)) as opened:
        opened.draft("L", (opened.width // REDUCTION, opened.height // REDUCTION))
        whole = np.asarray(opened.convert("L"))
    with Image.open(BytesIO(jpeg)) as opened:
        opened.draft("L", (opened.width // REDUCTION, opened.height // REDUCTION))
        top = _decoded_top(opened, jpeg, 40)

    assert top is not None
    assert top.shape == (40, whole.shape[1])
    assert np.array_equal(top, whole[:40])
