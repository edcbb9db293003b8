"""Phone photos of papers: the sheet is found, flattened to A4 and read; scans are left be.

A photo is told from a scan by what it shows (a sheet with background around it), camera
EXIF or no recorded resolution only making it a candidate; a photo in which no sheet is
found is read as it is and says so.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
import pikepdf
import pytest
from PIL import Image

from digitizer.images_to_pdf import images_to_pdf
from digitizer.options import DigitizeOptions
from digitizer.photo_page import find_paper, flatten_photo
from digitizer.pipeline import Digitizer, digitize
from digitizer.reading import ReadStep
from digitizer.results import DigitizeResult
from store.archive import Layout, archive_original, sha256_of
from tests.conftest import pdftotext, qpdf_check
from tests.support.pages import character_error_rate, make_page, save_jpeg, scanned
from tests.support.real_scans import (
    REAL_PAGE_PHOTOS,
    REAL_PHOTOS,
    phone_photo,
    photo_quality,
    save_specimen,
)

A4_POINTS = (595.2, 841.9)
SEEDS = (0, 3, 6, 3002)  # 6 has a hand over the sheet, 3002 a thumb across its bottom edge
NO_SHEET_NOTE = "a photo whose page edges could not be found; read as photographed"


@dataclass(frozen=True)
class Photo:
    path: Path
    text: str


@pytest.fixture(scope="module")
def photos(tmp_path_factory: pytest.TempPathFactory) -> list[Photo]:
    folder = tmp_path_factory.mktemp("photos")
    made = []
    for seed in SEEDS:
        specimen = phone_photo(seed)
        path = save_specimen(specimen, folder / f"photo-{seed}.jpg", quality=photo_quality(seed))
        made.append(Photo(path, specimen.text))
    return made


@dataclass(frozen=True)
class Archived:
    path: Path
    sha256: str
    result: DigitizeResult


@pytest.fixture(scope="module")
def read_photos(photos: list[Photo], tmp_path_factory: pytest.TempPathFactory) -> list[Archived]:
    """Each photo archived as intake archives it, then digitized from the archived copy."""
    layout = Layout(tmp_path_factory.mktemp("data"))
    layout.create()
    read = []
    for photo in photos:
        archived = archive_original(layout, photo.path)
        result = digitize(archived.path, layout.outputs / f"{photo.path.stem}.pdf")
        read.append(Archived(archived.path, archived.sha256, result))
    return read


@pytest.mark.slow
def test_a_phone_photo_becomes_a_flat_a4_page_that_reads_well(
    photos: list[Photo], read_photos: list[Archived]
) -> None:
    for photo, archived in zip(photos, read_photos, strict=True):
        result = archived.result
        (page,) = result.pages
        assert page.reading[0] == ReadStep.FLATTENED, page.reading
        assert qpdf_check(result.output_path).returncode == 0
        with pikepdf.open(result.output_path) as pdf:
            box = [float(value) for value in pdf.pages[0].mediabox]
        assert box[2:] == pytest.approx(A4_POINTS, abs=1)
        cer = character_error_rate(photo.text, pdftotext(result.output_path))
        assert cer <= 0.02, (photo.path.name, cer)


@pytest.mark.slow
def test_the_text_layer_lies_on_the_ink_shown(read_photos: list[Archived]) -> None:
    for archived in read_photos:
        shown = _page_image(archived.result.output_path)
        words = _word_boxes(archived.result.output_path)
        assert len(words) > 200
        scale = shown.shape[1] / A4_POINTS[0]
        on_ink = 0
        for left, top, right, bottom in words:
            inside = shown[
                round(top * scale) : round(bottom * scale),
                round(left * scale) : round(right * scale),
            ]
            on_ink += inside.size > 0 and float(np.mean(inside < 128)) > 0.05
        assert on_ink / len(words) >= 0.95, (archived.path.name, on_ink, len(words))


@pytest.mark.slow
def test_the_archived_photo_is_untouched(read_photos: list[Archived]) -> None:
    for archived in read_photos:
        assert sha256_of(archived.path) == archived.sha256


@pytest.mark.slow
def test_a_photo_read_ahead_and_assembled_later_says_it_was_flattened(
    photos: list[Photo], read_photos: list[Archived], tmp_path: Path
) -> None:
    photo, whole = photos[0], read_photos[0].result
    with Digitizer(DigitizeOptions()) as digitizer:
        (read,) = digitizer.read_pages(photo.path, 1, 1)
        assembled = digitizer.digitize(photo.path, tmp_path / "later.pdf", done_pages={1: read})
    assert assembled.pages == whole.pages
    assert assembled.pages[0].reading[0] == ReadStep.FLATTENED
    assert pdftotext(assembled.output_path) == pdftotext(whole.output_path)


@pytest.mark.slow
def test_a_flatbed_scan_is_read_as_scanned(words: list[str], tmp_path: Path) -> None:
    scan = save_jpeg(scanned(make_page(words, seed=4).image, skew_degrees=1.0), tmp_path / "s.jpg")
    result = digitize(scan, tmp_path / "scan.pdf")
    assert ReadStep.FLATTENED not in result.pages[0].reading
    assert ReadStep.NOT_FLATTENED not in result.pages[0].reading
    assert pdftotext(result.output_path).count(" ") > 200


def test_no_sheet_is_found_in_pages_that_fill_their_frame(words: list[str], corpus: Path) -> None:
    """Scans without a recorded resolution are candidates, yet none holds a sheet to flatten."""
    generated = [scanned(make_page(words, seed=seed).image, skew_degrees=2.0) for seed in (5, 6)]
    shared = [
        Image.open(path)
        for pattern in ("vietnamese/*.tif", "vietnamese/*.png", "ocrmypdf/*.png")
        for path in sorted(corpus.glob(pattern))
    ]
    assert len(shared) >= 8
    for picture in generated + shared:
        pixels = np.asarray(picture.convert("RGB"))
        assert find_paper(pixels) is None, picture.filename if hasattr(picture, "filename") else ""


def test_a_photo_of_no_sheet_is_read_as_it_is_and_says_so(corpus: Path, tmp_path: Path) -> None:
    """A camera's photo of a map: no sheet in it, so it is read as photographed (its black
    print; the red and blue is left out of the reading as a seal would be), shown no larger
    than its pixels can be read at, and the result says so. The same picture without the
    camera's EXIF is a scan without a resolution, which is no news."""
    map_photo = tmp_path / "map-photo.jpg"
    with Image.open(corpus / "ocrmypdf" / "baiona_color.jpg") as original:
        camera = Image.Exif()
        camera[0x010F], camera[0x0110] = "Samsung", "Galaxy A54"
        original.save(map_photo, quality=95, exif=camera)
        size = original.size
    result = digitize(map_photo, tmp_path / "map.pdf")
    (page,) = result.pages
    assert page.reading[0] == ReadStep.NOT_FLATTENED
    assert f"page 1: {NO_SHEET_NOTE}" in result.notes
    with pikepdf.open(result.output_path) as pdf:
        (image,) = pdf.pages[0].get_images().values()
        assert (int(image.Width), int(image.Height)) == size
        long_side_mm = float(max(pdf.pages[0].mediabox[2:])) * 25.4 / 72
        assert long_side_mm == pytest.approx(max(size) / 200 * 25.4)  # min_read_dpi
    assert "Komunikabideak" in pdftotext(result.output_path)

    scan = digitize(corpus / "ocrmypdf" / "baiona_color.jpg", tmp_path / "scan.pdf")
    assert ReadStep.NOT_FLATTENED not in scan.pages[0].reading
    assert not any(NO_SHEET_NOTE in note for note in scan.notes)


def test_no_sheet_is_found_in_any_real_photo_of_a_map(corpus: Path) -> None:
    assert len(REAL_PHOTOS) >= 5
    for path in REAL_PHOTOS:
        with Image.open(path) as photo:
            assert flatten_photo(photo, 300) is None, path.name


def test_a_real_photographed_page_is_cut_from_its_dark_surround(corpus: Path) -> None:
    (path,) = REAL_PAGE_PHOTOS
    with Image.open(path) as photo:
        corners = find_paper(np.asarray(photo.convert("RGB")))
        size = photo.size
    assert corners is not None
    # The sheet: most of the frame, yet not all of it.
    share = cv2.contourArea(corners.reshape(4, 1, 2)) / (size[0] * size[1])
    assert 0.6 < share < 0.95


def test_a_tiff_mixing_a_scan_and_a_photo_flattens_only_the_photo(
    words: list[str], photos: list[Photo], tmp_path: Path
) -> None:
    scanned(make_page(words, seed=7).image).save(tmp_path / "scan.tif", dpi=(300, 300))
    scan, photo = Image.open(tmp_path / "scan.tif"), Image.open(photos[0].path)
    stack = tmp_path / "stack.tif"
    # The scan's frame keeps its resolution; the photo's frame records none.
    scan.save(stack, format="TIFF", save_all=True, append_images=[photo])
    wrapped = images_to_pdf(stack, tmp_path / "stack.pdf", DigitizeOptions())
    assert wrapped.reading == {2: (ReadStep.FLATTENED,)}
    with pikepdf.open(tmp_path / "stack.pdf") as pdf:
        sizes = [_only_image_size(page) for page in pdf.pages]
        boxes = [[round(float(value)) for value in page.mediabox[2:]] for page in pdf.pages]
    assert sizes == [scan.size, (2480, 3508)]
    assert boxes == [[595, 842], [595, 842]]


def test_the_camera_s_orientation_is_applied_before_flattening(photos: list[Photo]) -> None:
    with Image.open(photos[0].path) as photo:
        lying = photo.transpose(Image.Transpose.ROTATE_90)  # the sensor's way round
        exif = photo.getexif()
    exif[0x0112] = 6  # turn 90° clockwise to show it
    data = io.BytesIO()
    lying.save(data, format="JPEG", quality=80, exif=exif)
    flat = flatten_photo(Image.open(data), 300)
    assert flat is not None
    assert flat.size == (2480, 3508)
    assert flat.mode == "L"  # black ink on white paper needs no colour


def test_a_red_seal_stays_red_on_the_flattened_page(photos: list[Photo]) -> None:
    with Image.open(photos[1].path) as photo:
        pixels = np.asarray(photo).copy()
    corners = find_paper(pixels)
    assert corners is not None
    centre = _diagonals_cross(corners)  # where the sheet's middle is photographed
    cv2.circle(pixels, centre, 150, (190, 25, 30), 12)
    flat = flatten_photo(Image.fromarray(pixels), 300)
    assert flat is not None and flat.mode == "RGB"
    red = np.asarray(flat)[1654 - 260 : 1654 + 260, 1240 - 260 : 1240 + 260].reshape(-1, 3)
    reddish = red[:, 0].astype(int) - red[:, 1] > 80
    assert np.count_nonzero(reddish) > 1000
    white = np.asarray(flat)[100:200, 100:200]
    assert float(white.mean()) > 235  # the paper evened to white despite the warm light


def _diagonals_cross(corners: np.ndarray) -> tuple[int, int]:
    top_left, top_right, bottom_right, bottom_left = corners.astype(float)
    first, second = bottom_right - top_left, bottom_left - top_right
    along = np.linalg.solve(np.column_stack([first, -second]), top_right - top_left)[0]
    x, y = top_left + along * first
    return round(x), round(y)


def _page_image(path: Path) -> np.ndarray:
    with pikepdf.open(path) as pdf:
        (image,) = pdf.pages[0].get_images().values()
        return np.asarray(pikepdf.PdfImage(image).as_pil_image().convert("L"))


def _only_image_size(page: pikepdf.Page) -> tuple[int, int]:
    (image,) = page.get_images().values()
    return int(image.Width), int(image.Height)


def _word_boxes(path: Path) -> list[tuple[float, float, float, float]]:
    html = pdftotext(path, "-bbox")
    pattern = r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)"'
    return [tuple(float(value) for value in match) for match in re.findall(pattern, html)]  # type: ignore[misc]
