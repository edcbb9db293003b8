"""Generated Vietnamese scans come out searchable, faithful and lined up."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import img2pdf
import pikepdf
import pypdf
import pytest
from pikepdf import Name

from digitizer import DigitizeResult, OutputKind, PageSource, digitize_many
from tests.conftest import pdftotext, qpdf_check
from tests.support.pages import (
    MARGIN_LEFT,
    MARGIN_TOP,
    GeneratedPage,
    character_error_rate,
    make_page,
    save_jpeg,
    scanned,
)

MAX_CER = 0.02


@dataclass(frozen=True)
class Digitized:
    source: Path
    result: DigitizeResult
    truths: list[GeneratedPage]


@pytest.fixture(scope="module")
def digitized(tmp_path_factory: pytest.TempPathFactory, words: list[str]) -> dict[str, Digitized]:
    folder = tmp_path_factory.mktemp("quality")
    grainy = make_page(words, seed=11)
    rough = make_page(words, seed=12)
    clean = make_page(words, seed=13)
    jpegs = [
        save_jpeg(scanned(grainy.image, skew_degrees=0.7, noise=8, seed=1), folder / "a.jpg"),
        save_jpeg(scanned(rough.image, skew_degrees=-1.5, noise=12, seed=2), folder / "b.jpg", 60),
    ]
    scan_pdf = folder / "scan.pdf"
    scan_pdf.write_bytes(img2pdf.convert([str(path) for path in jpegs]))
    png = folder / "clean.png"
    scanned(clean.image, noise=6, seed=3).save(png, dpi=(300, 300))
    inputs = {"scan": (scan_pdf, [grainy, rough]), "png": (png, [clean])}
    results = digitize_many([path for path, _ in inputs.values()], folder / "out")
    return {
        key: Digitized(path, result, truths)
        for (key, (path, truths)), result in zip(inputs.items(), results, strict=True)
        if isinstance(result, DigitizeResult)
    }


def test_every_input_was_digitized(digitized: dict[str, Digitized]) -> None:
    assert set(digitized) == {"scan", "png"}


@pytest.mark.parametrize("key", ["scan", "png"])
def test_text_matches_the_source_within_two_percent(
    digitized: dict[str, Digitized], key: str
) -> None:
    item = digitized[key]
    for number, truth in enumerate(item.truths, start=1):
        extracted = pdftotext(item.result.output_path, "-f", str(number), "-l", str(number))
        assert character_error_rate(truth.text, extracted) <= MAX_CER, (key, number)
        returned = item.result.pages[number - 1].text
        assert character_error_rate(truth.text, returned) <= MAX_CER, (key, number)


def test_diacritics_survive_in_nfc(digitized: dict[str, Digitized]) -> None:
    extracted = pdftotext(digitized["png"].result.output_path)
    assert unicodedata.is_normalized("NFC", extracted)
    assert any(letter in extracted for letter in "ệếờữặ")
    assert "\u00d0" not in extracted


def test_pages_are_ocrd_from_the_scanner_images(digitized: dict[str, Digitized]) -> None:
    pages = digitized["scan"].result.pages
    assert [page.source for page in pages] == [PageSource.IMAGE, PageSource.IMAGE]
    assert [page.dpi for page in pages] == [300, 300]
    assert all(page.mean_confidence and page.mean_confidence > 80 for page in pages)


def test_qpdf_finds_no_fault(digitized: dict[str, Digitized]) -> None:
    for item in digitized.values():
        check = qpdf_check(item.result.output_path)
        assert check.returncode == 0, check.stdout + check.stderr
        assert "No syntax or stream encoding errors" in check.stdout


def test_original_image_streams_are_byte_identical(digitized: dict[str, Digitized]) -> None:
    item = digitized["scan"]
    with pikepdf.open(item.source) as before, pikepdf.open(item.result.output_path) as after:
        for page_before, page_after in zip(before.pages, after.pages, strict=True):
            assert _image_bytes(page_before) == _image_bytes(page_after)
    grown = item.result.output_path.stat().st_size - item.source.stat().st_size
    assert 0 < grown < 60_000, "the output is the input plus a small text layer"


def _image_bytes(page: pikepdf.Page) -> list[bytes]:
    xobjects = page.Resources.XObject
    return [
        xobjects[name].read_raw_bytes()
        for name in sorted(xobjects.keys())
        if xobjects[name].Subtype == Name.Image
    ]


def test_output_declares_pdfa_2b_with_intent_and_xmp(digitized: dict[str, Digitized]) -> None:
    for item in digitized.values():
        assert item.result.output_kind == OutputKind.PDFA_2B
        with pikepdf.open(item.result.output_path) as pdf:
            assert not pdf.is_encrypted
            meta = pdf.open_metadata()
            assert meta["pdfaid:part"] == "2"
            assert meta["pdfaid:conformance"] == "B"
            assert meta["dc:title"] == item.source.stem
            intent = pdf.Root.OutputIntents[0]
            assert intent.S == Name.GTS_PDFA1
            assert int(intent.DestOutputProfile.N) == 3
            fonts = [
                font
                for page in pdf.pages
                for _, form in page.Resources.XObject.items()
                if form.Subtype == Name.Form
                for _, font in form.Resources.Font.items()
            ]
            assert fonts, "the text layer has a font"
            assert all(_embedded(font) for font in fonts)
            assert len({font.objgen for font in fonts}) == 1, "one shared font for all pages"


def _embedded(font: pikepdf.Object) -> bool:
    descriptor = font.DescendantFonts[0].FontDescriptor
    return Name.FontFile2 in descriptor


def test_words_stay_separated_for_other_extractors(digitized: dict[str, Digitized]) -> None:
    item = digitized["png"]
    truth_words = item.truths[0].text.split()
    for extracted in (
        pdftotext(item.result.output_path),
        pypdf.PdfReader(item.result.output_path).pages[0].extract_text(),
    ):
        found = set(unicodedata.normalize("NFC", extracted).split())
        present = sum(word in found for word in truth_words)
        assert present / len(truth_words) >= 0.9


def test_text_layer_lines_up_with_the_visible_words(digitized: dict[str, Digitized]) -> None:
    item = digitized["png"]
    boxes = _word_boxes(item.result.output_path)
    lines = item.truths[0].text.split("\n")
    line_pitch_pt = round(13 * 300 / 72 * 1.5) * 72 / 300
    left_pt, top_pt = MARGIN_LEFT * 72 / 300, MARGIN_TOP * 72 / 300
    for index, line in enumerate(lines[:10]):
        first_word = line.split()[0]
        expected_top = top_pt + index * line_pitch_pt
        matches = [
            box
            for box in boxes
            if box[0] == first_word and abs(box[1] - left_pt) < 4 and abs(box[2] - expected_top) < 8
        ]
        assert matches, f"line {index + 1} starting {first_word!r} is not where it was drawn"


def _word_boxes(path: Path) -> list[tuple[str, float, float]]:
    html = pdftotext(path, "-bbox")
    pattern = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>([^<]*)</word>')
    return [(text, float(x), float(y)) for x, y, text in pattern.findall(html)]
