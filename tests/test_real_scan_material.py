"""The generated counter material is what it claims to be, and the same for the same seed."""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import pytest
from PIL import ExifTags, Image

from tests.support.pages import MARGIN_TOP
from tests.support.real_scans import (
    LINE_HEIGHT_300DPI,
    REAL_PHOTOS,
    Specimen,
    duplex_stack,
    phone_photo,
    photo_quality,
    photocopy_200dpi,
    save_specimen,
    scan_300dpi,
    scan_600dpi,
    sealed_page,
)


@pytest.fixture(scope="module")
def photo() -> Specimen:
    return phone_photo(3)


@pytest.fixture(scope="module")
def copy() -> Specimen:
    return photocopy_200dpi(2)


@pytest.fixture(scope="module")
def stack() -> list[Specimen]:
    return duplex_stack(2, seed=5)


def dark_share(specimen: Specimen) -> float:
    grey = np.asarray(specimen.image.convert("L"))
    return float((grey < 128).mean())


def test_a_seed_gives_the_same_bytes_and_another_seed_others(
    photo: Specimen, copy: Specimen, tmp_path: Path
) -> None:
    first = save_specimen(photo, tmp_path / "a.jpg", quality=photo_quality(3)).read_bytes()
    again = phone_photo(3)
    second = save_specimen(again, tmp_path / "b.jpg", quality=photo_quality(3)).read_bytes()
    assert hashlib.sha256(first).digest() == hashlib.sha256(second).digest()
    assert again.text == photo.text
    assert copy.image.tobytes() != photocopy_200dpi(3).image.tobytes()


def test_a_phone_photo_is_a_12_megapixel_camera_jpeg_with_no_resolution(
    photo: Specimen, tmp_path: Path
) -> None:
    assert (photo.image.size, photo.image.mode, photo.dpi) == ((3000, 4000), "RGB", None)
    assert len(photo.text.splitlines()) == 30
    qualities = {photo_quality(seed) for seed in range(40)}
    assert min(qualities) >= 60 and max(qualities) <= 85 and len(qualities) > 10
    with Image.open(save_specimen(photo, tmp_path / "photo.jpg")) as saved:
        exif = saved.getexif()
        assert exif[ExifTags.Base.Make] and exif[ExifTags.Base.Model]
        # No resolution anywhere: JFIF density without units, no EXIF resolution tags
        # (Pillow then reports its 72-dpi default).
        assert saved.info["jfif_unit"] == 0
        assert ExifTags.Base.XResolution not in exif
        assert ExifTags.Base.ResolutionUnit not in exif


def test_the_page_in_a_photo_lies_on_a_background_inside_the_frame(photo: Specimen) -> None:
    grey = np.asarray(photo.image.convert("L"), dtype=np.float32)
    centre = grey[1500:2500, 1000:2000]
    border = np.concatenate([grey[:20].ravel(), grey[-20:].ravel(), grey[:, :20].ravel()])
    assert np.median(centre) > 160, "the middle of the frame is paper"
    assert np.median(border) < np.median(centre) - 40, "the frame's edges are not paper"


def test_scans_record_their_resolution(copy: Specimen, tmp_path: Path) -> None:
    assert (copy.image.size, copy.image.mode, copy.dpi) == ((1653, 2339), "L", 200)
    with Image.open(save_specimen(copy, tmp_path / "copy.jpg")) as saved:
        assert saved.info["dpi"] == (200, 200)
        assert not saved.getexif().get(ExifTags.Base.Make)


def test_a_photocopy_is_grey_on_grey(copy: Specimen) -> None:
    grey = np.asarray(copy.image)
    paper = np.median(grey)
    ink = np.percentile(grey, 1)
    assert 150 <= paper <= 205
    assert 50 <= ink <= 115
    assert (grey < 40).mean() < 0.0005, "no true black anywhere"


def test_600_and_300_dpi_scans_are_the_same_page() -> None:
    fine, plain = scan_600dpi(7), scan_300dpi(7)
    assert (fine.image.size, fine.dpi) == ((4960, 7016), 600)
    assert (plain.image.size, plain.dpi) == ((2480, 3508), 300)
    assert fine.text == plain.text and len(plain.text.splitlines()) == 30
    halved = np.asarray(fine.image.reduce(2), dtype=np.float32)
    assert np.abs(halved - np.asarray(plain.image, dtype=np.float32)).mean() < 12


def test_a_seal_and_a_signature_lie_over_a_tenth_to_a_fifth_of_the_lines() -> None:
    page = sealed_page(6)
    assert (page.image.size, page.image.mode, page.dpi) == ((2480, 3508), "RGB", 300)
    rgb = np.asarray(page.image).astype(np.int16)
    red = rgb[:, :, 0] - rgb[:, :, 2] > 60
    blue = rgb[:, :, 2] - rgb[:, :, 0] > 50
    assert red.sum() > 10_000 and blue.sum() > 2_000
    rows = np.nonzero((red | blue).any(axis=1))[0]
    lines = len(page.text.splitlines())
    glyph_tops = [MARGIN_TOP + 10 + index * LINE_HEIGHT_300DPI for index in range(lines)]
    covered = [top for top in glyph_tops if rows.min() <= top + 50 and top <= rows.max()]
    assert 0.10 <= len(covered) / lines <= 0.20
    assert "ỦY BAN" not in page.text


def test_a_blank_back_has_almost_no_dark_pixels_and_a_front_many(stack: list[Specimen]) -> None:
    assert len(stack) == 4
    fronts, backs = stack[0::2], stack[1::2]
    assert all(back.text == "" and back.dpi == 300 for back in backs)
    assert all(len(front.text.splitlines()) == 30 for front in fronts)
    assert all(dark_share(back) < 0.0005 for back in backs)
    assert all(dark_share(front) > 0.01 for front in fronts)
    shown_through = np.asarray(backs[0].image, dtype=np.float32)
    assert shown_through.std() > 2, "grain and show-through, not a flat grey"


def test_the_real_photos_are_pictures_with_no_paper() -> None:
    if not REAL_PHOTOS:
        pytest.skip("the shared test corpus is not beside the project")
    for path in REAL_PHOTOS:
        with Image.open(path) as picture:
            assert picture.width * picture.height > 100_000
