"""Sideways and upside-down pages come out upright; skew is straightened when asked."""

from __future__ import annotations

import html
import re
import subprocess
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image

from digitizer import DigitizeOptions, digitize
from digitizer.hocr import summarize_hocr
from digitizer.hocr_lines import read_hocr_page
from tests.support.pages import character_error_rate, make_page, scanned


def _read_rendering(pdf: Path, folder: Path) -> tuple[str, float | None]:
    """Render page 1 as a viewer shows it and OCR it without orientation detection."""
    subprocess.run(
        ["pdftoppm", "-r", "150", "-png", "-f", "1", "-l", "1", str(pdf), str(folder / "r")],
        check=True,
    )
    rendering = next(folder.glob("r*.png"))
    hocr = subprocess.run(
        ["tesseract", str(rendering), "-", "-l", "vie", "--psm", "3", "hocr"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rendering.unlink()
    text = " ".join(_hocr_words(hocr))
    return text, summarize_hocr(read_hocr_page(hocr)).skew_degrees


def _hocr_words(hocr: str) -> list[str]:
    return [html.unescape(w) for w in re.findall(r"class='ocrx_word'[^>]*>([^<]*)<", hocr)]


@pytest.mark.parametrize("turned", [90, 180, 270])
def test_a_turned_page_comes_out_upright(tmp_path: Path, words: list[str], turned: int) -> None:
    page = make_page(words, lines=8, seed=turned)
    source = tmp_path / "turned.png"
    scanned(page.image, seed=turned).rotate(turned, expand=True).save(source, dpi=(300, 300))
    result = digitize(source, tmp_path / "out.pdf")
    assert result.pages[0].rotation == turned
    assert character_error_rate(page.text, result.pages[0].text) <= 0.02
    seen, _ = _read_rendering(result.output_path, tmp_path)
    assert character_error_rate(page.text, seen) <= 0.05


def test_deskew_straightens_a_tilted_page(tmp_path: Path, words: list[str]) -> None:
    page = make_page(words, lines=10, seed=5)
    source = tmp_path / "tilted.png"
    scanned(page.image, skew_degrees=3.0, seed=5).save(source, dpi=(300, 300))
    straight = digitize(source, tmp_path / "straight.pdf", DigitizeOptions(deskew=True))
    assert straight.pages[0].skew == pytest.approx(3.0, abs=0.5)
    _, skew_after = _read_rendering(straight.output_path, tmp_path)
    assert skew_after is not None and abs(skew_after) < 0.5
    kept = digitize(source, tmp_path / "kept.pdf")
    _, skew_kept = _read_rendering(kept.output_path, tmp_path)
    assert skew_kept == pytest.approx(3.0, abs=0.5)


def test_qr_codes_are_read_with_their_page(tmp_path: Path, words: list[str]) -> None:
    payload = "000.00.19.H12-210915-0001|1.001612|Nguyễn Văn Đức"
    symbol = zxingcpp.create_barcode(payload, zxingcpp.BarcodeFormat.QRCode)
    qr = Image.fromarray(symbol.to_image(scale=8)).convert("L")
    pages = []
    for seed in (1, 2):
        picture = make_page(words, lines=4, seed=seed).image
        if seed == 2:
            picture.paste(qr, (120, 60))
        pages.append(scanned(picture, seed=seed))
    source = tmp_path / "stack.tif"
    pages[0].save(source, save_all=True, append_images=pages[1:], dpi=(300, 300))
    result = digitize(source, tmp_path / "out.pdf")
    assert [(code.page, code.format, code.text) for code in result.barcodes] == [
        (2, "QRCode", payload)
    ]
