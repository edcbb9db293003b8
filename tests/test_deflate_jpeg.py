"""The optional Flate wrapping of JPEGs: smaller, and the JPEG inside is the scanner's own."""

from __future__ import annotations

import subprocess
import zlib
from pathlib import Path

import img2pdf
import pikepdf
from pikepdf import Name

from digitizer import DigitizeOptions, digitize
from tests.conftest import pdftotext, qpdf_check
from tests.support.pages import make_page, save_jpeg, scanned


def test_deflated_jpegs_shrink_the_output_and_keep_the_jpeg(
    tmp_path: Path, words: list[str]
) -> None:
    page = make_page(words, lines=8, seed=21)
    jpeg = save_jpeg(scanned(page.image, noise=10, seed=21), tmp_path / "scan.jpg")
    source = tmp_path / "scan.pdf"
    source.write_bytes(img2pdf.convert(str(jpeg)))

    plain = digitize(source, tmp_path / "plain")
    deflated = digitize(source, tmp_path / "deflated", DigitizeOptions(deflate_jpeg=True))

    assert deflated.output_path.stat().st_size < plain.output_path.stat().st_size
    assert any("Flate" in note for note in deflated.notes)
    with pikepdf.open(deflated.output_path) as pdf:
        image = pdf.pages[0].Resources.XObject["/Im0"]
        assert list(image.Filter) == [Name.FlateDecode, Name.DCTDecode]
        inner = zlib.decompress(image.read_raw_bytes())
        assert inner == jpeg.read_bytes()
    assert qpdf_check(deflated.output_path).returncode == 0
    assert pdftotext(deflated.output_path) == pdftotext(plain.output_path)
    assert _rendered(plain.output_path) == _rendered(deflated.output_path)


def _rendered(pdf: Path) -> bytes:
    return subprocess.run(
        ["pdftoppm", "-r", "30", "-gray", str(pdf)], capture_output=True, check=True
    ).stdout
