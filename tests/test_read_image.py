"""Each page is read from the picture that reads best; the output keeps the page as scanned.

Sealed and signed pages, 200-dpi photocopies, 600-dpi scans and duplex stacks with blank
backs, generated with known text, go through `digitize` with real Tesseract.
"""

from __future__ import annotations

import contextlib
import json
import re
import statistics
import threading
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import img2pdf
import numpy as np
import pikepdf
import pytest
from PIL import Image, ImageDraw

import digitizer.page_ocr
from digitizer import (
    DigitizeOptions,
    Digitizer,
    DigitizeResult,
    digitize_many,
    load_page_read,
    save_page_read,
)
from digitizer.blank_page import looks_blank
from digitizer.low_contrast import looks_low_contrast
from digitizer.page_image import load_preview, preview_of
from digitizer.read_image import decoded_smaller, plan_reading
from tests.conftest import pdftotext
from tests.support.pages import (
    a4_pixels,
    character_error_rate,
    corpus_text,
    font,
    make_page,
    scanned,
)
from tests.support.real_scans import (
    COMMUNES,
    PROVINCES,
    Specimen,
    duplex_stack,
    photocopy_200dpi,
    save_specimen,
    scan_300dpi,
    scan_600dpi,
    sealed_page,
)

SHEETS = 2


@dataclass(frozen=True)
class Read:
    source: Path
    specimen: Specimen
    result: DigitizeResult

    @property
    def text(self) -> str:
        return self.result.pages[0].text

    @property
    def cer(self) -> float:
        return character_error_rate(self.specimen.text, self.text)


@pytest.fixture(scope="module")
def reads(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Read]:
    folder = tmp_path_factory.mktemp("read-image")
    specimens = {
        "sealed": sealed_page(0),
        "600dpi": scan_600dpi(0),
        "300dpi": scan_300dpi(0),
        "photocopy": photocopy_200dpi(0),
    }
    sources = {
        name: save_specimen(item, folder / f"{name}.jpg") for name, item in specimens.items()
    }
    results = digitize_many(list(sources.values()), folder / "out")
    assert all(isinstance(result, DigitizeResult) for result in results), results
    return {
        name: Read(sources[name], specimens[name], result)
        for name, result in zip(sources, results, strict=True)
        if isinstance(result, DigitizeResult)
    }


@pytest.mark.slow
def test_a_sealed_page_reads_without_its_seal(reads: dict[str, Read]) -> None:
    sealed = reads["sealed"]
    assert sealed.cer <= 0.01
    assert sealed.result.pages[0].reading == ("colour_ink_dropped",)
    printed = set(sealed.specimen.text.upper().split())
    ring_words = {word for name in COMMUNES + PROVINCES for word in name.split()} - printed
    extracted = pdftotext(sealed.result.output_path)
    for text in (sealed.text, extracted):
        assert not ring_words & set(re.findall(r"\w+", text.upper())), text


@pytest.mark.slow
def test_the_output_keeps_the_seal_as_scanned(reads: dict[str, Read]) -> None:
    sealed = reads["sealed"]
    with pikepdf.open(sealed.result.output_path) as pdf:
        images = list(pdf.pages[0].get_images().values())
        assert len(images) == 1
        assert images[0].read_raw_bytes() == sealed.source.read_bytes()
        picture = pikepdf.PdfImage(images[0]).as_pil_image().convert("RGB")
    rgb = np.asarray(picture.reduce(4), dtype=np.int16)
    red = rgb[..., 0] - np.maximum(rgb[..., 1], rgb[..., 2]) > 80
    assert red.sum() > 200


@pytest.mark.slow
def test_a_600_dpi_scan_reads_as_well_as_at_300(reads: dict[str, Read]) -> None:
    fine, usual = reads["600dpi"], reads["300dpi"]
    assert fine.specimen.text == usual.specimen.text
    assert fine.cer <= usual.cer + 0.001
    assert fine.result.pages[0].reading == ("downsampled",)
    assert fine.result.pages[0].dpi == 600


@pytest.mark.slow
def test_a_600_dpi_scans_words_land_where_they_are_on_the_page(reads: dict[str, Read]) -> None:
    fine = _word_boxes(reads["600dpi"].result.output_path)
    usual = _word_boxes(reads["300dpi"].result.output_path)
    shared = [word for word in fine if word in usual]
    assert len(shared) > 100
    distances = [
        max(abs(a - b) for a, b in zip(fine[word], usual[word], strict=True)) for word in shared
    ]
    assert statistics.median(distances) < 1.0  # points
    assert max(distances) < 4.0


@pytest.mark.slow
def test_a_grey_photocopy_is_read_through_local_thresholds(reads: dict[str, Read]) -> None:
    copy = reads["photocopy"]
    assert copy.cer <= 0.02
    assert copy.result.pages[0].reading == ("thresholded",)


@pytest.mark.slow
def test_a_clean_scan_is_read_as_it_is(reads: dict[str, Read]) -> None:
    assert reads["300dpi"].result.pages[0].reading == ()
    assert reads["300dpi"].cer <= 0.01


@dataclass(frozen=True)
class Stack:
    pdf: Path
    specimens: list[Specimen]
    result: DigitizeResult
    ocr_runs: int
    reread: DigitizeResult
    reread_ocr_runs: int
    saved: Path


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Stack:
    folder = tmp_path_factory.mktemp("duplex")
    specimens = duplex_stack(SHEETS, 0)
    images = [save_specimen(item, folder / f"{n:02d}.jpg") for n, item in enumerate(specimens)]
    pdf = folder / "stack.pdf"
    pdf.write_bytes(img2pdf.convert([str(image) for image in images]))
    options = DigitizeOptions(jobs=2)
    with _counted_ocr_runs() as runs, Digitizer(options) as digitizer:
        result = digitizer.digitize(pdf, folder / "stack-out.pdf")
        ocr_runs = len(runs)
        saved = folder / "reads"
        for read in digitizer.read_pages(pdf, 1, len(specimens)):
            save_page_read(saved, read)
        loaded = {}
        for number in range(1, len(specimens) + 1):
            page = load_page_read(saved, number)
            assert page is not None
            loaded[number] = page
        before_reread = len(runs)
        reread = digitizer.digitize(pdf, folder / "reread-out.pdf", done_pages=loaded)
        reread_ocr_runs = len(runs) - before_reread
    return Stack(pdf, specimens, result, ocr_runs, reread, reread_ocr_runs, saved)


@pytest.mark.slow
def test_blank_backs_are_kept_but_not_read(stack: Stack) -> None:
    assert stack.ocr_runs == SHEETS
    with pikepdf.open(stack.result.output_path) as pdf:
        assert len(pdf.pages) == 2 * SHEETS
    for page, specimen in zip(stack.result.pages, stack.specimens, strict=True):
        if specimen.text:
            assert page.reading == ()
            assert character_error_rate(specimen.text, page.text) <= 0.02
        else:
            assert page.reading == ("blank",)
            assert page.text == ""
            extracted = pdftotext(stack.result.output_path, "-f", str(page.number))
            assert extracted.split("\f")[0].strip() == ""


@pytest.mark.slow
def test_a_page_read_apart_keeps_what_was_done_to_read_it(stack: Stack) -> None:
    assert stack.reread_ocr_runs == 0
    assert [page.reading for page in stack.reread.pages] == [
        page.reading for page in stack.result.pages
    ]
    assert ("blank",) in [page.reading for page in stack.reread.pages]


def test_a_page_read_saved_before_reading_steps_loads_with_none(stack: Stack) -> None:
    record_path = stack.saved / "page-00001.json"
    record: dict[str, Any] = json.loads(record_path.read_text(encoding="utf-8"))
    del record["ocr"]["reading"]
    record_path.write_text(json.dumps(record), encoding="utf-8")
    loaded = load_page_read(stack.saved, 1)
    assert loaded is not None and loaded.ocr is not None
    assert loaded.ocr.reading == ()
    assert loaded.ocr.text == stack.result.pages[0].text


def test_a_back_with_only_a_page_number_or_one_line_is_not_blank(tmp_path: Path) -> None:
    back = duplex_stack(1, 0)[1]
    assert _blank(back.image, tmp_path / "back.jpg")
    numbered = back.image.copy()
    ImageDraw.Draw(numbered).text((1220, 3300), "3", font=font(46), fill=20)
    assert not _blank(numbered, tmp_path / "numbered.jpg")
    noted = back.image.copy()
    ImageDraw.Draw(noted).text((400, 400), "Xem mặt trước", font=font(54), fill=20)
    assert not _blank(noted, tmp_path / "noted.jpg")


def test_backs_with_punch_holes_and_show_through_are_blank(tmp_path: Path) -> None:
    backs = [item for item in duplex_stack(4, 1) if not item.text]
    darkest = [int(np.asarray(item.image).min()) for item in backs]
    assert min(darkest) < 180  # some backs carry a punch hole's shadow
    assert all(_blank(item.image, tmp_path / f"{n}.jpg") for n, item in enumerate(backs))


def test_blank_pages_are_read_when_asked(tmp_path: Path) -> None:
    # A plain white back: Tesseract takes seconds, not tens of them, over show-through.
    back = tmp_path / "back.jpg"
    Image.new("L", a4_pixels(300), 250).save(back, format="JPEG", quality=85, dpi=(300, 300))
    options = replace(DigitizeOptions(jobs=1), skip_blank_pages=False)
    with _counted_ocr_runs() as runs, Digitizer(options) as digitizer:
        result = digitizer.digitize(back, tmp_path / "back.pdf")
    assert len(runs) == 1
    assert "blank" not in result.pages[0].reading


def _blank(picture: Image.Image, path: Path) -> bool:
    picture.save(path, format="JPEG", quality=85, dpi=(300, 300))
    preview = load_preview(path, 300)
    return looks_blank(preview, 300 * preview.width / picture.width)


def _word_boxes(pdf: Path) -> dict[str, tuple[float, float, float, float]]:
    """Words found once on the first page, with their boxes in points."""
    html = pdftotext(pdf, "-bbox", "-f", "1", "-l", "1")
    found: dict[str, list[tuple[float, float, float, float]]] = {}
    for match in re.finditer(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>',
        html,
    ):
        box = tuple(float(value) for value in match.groups()[:4])
        found.setdefault(match[5], []).append(box)  # type: ignore[arg-type]
    return {word: boxes[0] for word, boxes in found.items() if len(boxes) == 1}


class _Runs(list[Path]):
    pass


@contextlib.contextmanager
def _counted_ocr_runs() -> Iterator[_Runs]:
    """Tesseract's runs, counted: each is made as ever, its picture noted."""
    runs = _Runs()
    lock = threading.Lock()
    real = digitizer.page_ocr.run_ocr

    def counted(image: Path, **kwargs: Any) -> str:
        with lock:
            runs.append(image)
        return real(image, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(digitizer.page_ocr, "run_ocr", counted)
        yield runs


def test_a_white_page_with_a_few_black_lines_is_not_taken_for_a_photocopy() -> None:
    """Judged by its marks, not by its anti-aliasing: two lines on an A4 page are a clean
    scan, read as it is, while a grey copy of the same words is thresholded."""
    sparse = Image.new("L", (2480, 3508), 250)
    draw = ImageDraw.Draw(sparse)
    for number, line in enumerate(("Giấy xác nhận cư trú", "Người đề nghị: Vũ Thị Hằng")):
        draw.text((300, 300 + 90 * number), line, font=font(44), fill=0)
    grey_copy = sparse.point(lambda level: 70 + level * 120 // 255)

    assert not looks_low_contrast(sparse.reduce(2))
    assert looks_low_contrast(grey_copy.reduce(2))


def test_faint_print_is_not_taken_for_a_blank_page() -> None:
    """Print only 35 grey levels under its paper (a faded copy) is read, not skipped."""
    page = make_page(corpus_text().split(), lines=30, seed=1).image
    faint = page.point(lambda level: 235 - (235 - 200) * (255 - level) // 255)
    assert not looks_blank(scanned(faint, seed=1).reduce(2), 150)


def test_a_screen_resolution_is_no_reason_to_enlarge(tmp_path: Path) -> None:
    """72 and 96 dpi are what editors write when they know none: such a page is read at its
    own pixels, while a real 150-dpi scan is enlarged to be read at 300."""
    picture = Image.new("L", (1240, 600), 250)
    ImageDraw.Draw(picture).text((80, 100), "Giấy xác nhận", font=font(44), fill=0)
    path = tmp_path / "page.png"
    picture.save(path)
    preview = picture.reduce(2)

    def reading_at(dpi: int) -> tuple[int, tuple[str, ...]]:
        reading = plan_reading(
            path, picture.size, dpi, preview, preview, DigitizeOptions(), tmp_path
        )
        return reading.dpi, tuple(reading.steps)

    assert reading_at(72) == (72, ())
    assert reading_at(96) == (96, ())
    assert reading_at(150) == (300, ("upsampled",))


def test_a_600_dpi_jpeg_decoded_once_gives_the_preview_a_separate_decode_gives(
    tmp_path: Path,
) -> None:
    """The page decoded at its reading resolution also serves as the preview's source: the
    quick checks (blank, colour, contrast) see what they would on a preview decoded alone."""
    sealed = sealed_page(1).image
    path = tmp_path / "sealed-600.jpg"
    sealed.resize((sealed.width * 2, sealed.height * 2)).save(path, quality=85, dpi=(600, 600))
    size = (sealed.width * 2, sealed.height * 2)
    smaller = decoded_smaller(path, size, 600, DigitizeOptions())
    assert smaller is not None and smaller.mode == "RGB" and smaller.size == sealed.size
    from_smaller = preview_of(smaller, 300, colour=True)
    alone = load_preview(path, 600, colour=True)
    assert from_smaller.size == alone.size and from_smaller.mode == alone.mode == "RGB"
    difference = np.abs(np.asarray(from_smaller, np.int16) - np.asarray(alone, np.int16))
    assert difference.mean() < 3
    usual = save_specimen(scan_300dpi(1), tmp_path / "300.jpg")
    assert decoded_smaller(usual, a4_pixels(300), 300, DigitizeOptions()) is None
