"""Generated Vietnamese scan pages with known text, as a scanner would deliver them.

Text is set in a Times-compatible serif (Liberation Serif) at 300 dpi on A4, then
made scanner-like: a slight skew, grain, and JPEG compression.
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFont
from rapidfuzz.distance import Levenshtein

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"
FONT_CANDIDATES = (
    Path("/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf"),
    Path("/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf"),
)
A4_300DPI = (2480, 3508)
MARGIN_LEFT, MARGIN_TOP, MARGIN_RIGHT = 354, 295, 236  # 30, 25 and 20 mm

# Prose from administrative practice, so the pages read like the papers clerks scan.
ADMIN_TEXT = (
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM. Độc lập - Tự do - Hạnh phúc. "
    "Giấy tiếp nhận hồ sơ và hẹn trả kết quả. Bộ phận tiếp nhận và trả kết quả "
    "Ủy ban nhân dân xã đã nhận hồ sơ của ông Nguyễn Văn Đức về việc đăng ký khai sinh. "
    "Thành phần hồ sơ gồm tờ khai đăng ký khai sinh, giấy chứng sinh và giấy tờ tùy thân "
    "của người đi đăng ký. Số lượng hồ sơ một bộ. Thời gian giải quyết hồ sơ là ba ngày làm "
    "việc kể từ ngày nhận đủ hồ sơ hợp lệ. Ngày hẹn trả kết quả được ghi ở cuối phiếu này. "
    "Khi đến nhận kết quả, người nộp hồ sơ mang theo phiếu này và giấy tờ tùy thân. "
    "Mọi thắc mắc xin liên hệ bộ phận một cửa hoặc gọi đường dây nóng của ủy ban. "
    "Cán bộ tiếp nhận đã kiểm tra tính đầy đủ, hợp lệ của hồ sơ theo quy định hiện hành. "
    "Lệ phí được thu theo biểu phí do hội đồng nhân dân tỉnh quyết định và có biên lai. "
)


@dataclass(frozen=True)
class GeneratedPage:
    image: Image.Image
    text: str  # the lines drawn, joined by newlines, NFC


def corpus_text() -> str:
    """Vietnamese prose with ground truth from the shared corpus, else the built-in text."""
    source = CORPUS / "vietnamese" / "vietsample.gt.txt"
    if source.is_file():
        return " ".join(source.read_text(encoding="utf-8").split())
    return ADMIN_TEXT


def font(size: int) -> ImageFont.FreeTypeFont:
    for candidate in FONT_CANDIDATES:
        if candidate.is_file():
            return ImageFont.truetype(str(candidate), size)
    raise FileNotFoundError("Liberation Serif is not installed (apt-get install fonts-liberation2)")


def make_page(
    words: list[str],
    *,
    lines: int = 30,
    point_size: float = 13,
    seed: int = 0,
    dpi: int = 300,
) -> GeneratedPage:
    """Set `lines` lines of `words` (cycled from a seeded start) on a white A4 page.

    The lines are broken as at 300 dpi whatever `dpi` is, so one seed gives the same words on
    the same lines at every resolution.
    """
    layout_face = font(round(point_size * 300 / 72))
    measure = ImageDraw.Draw(Image.new("L", (1, 1)))
    width = A4_300DPI[0] - MARGIN_LEFT - MARGIN_RIGHT
    start = random.Random(seed).randrange(len(words))
    stream = (words[(start + i) % len(words)] for i in range(10**9))
    placed: list[tuple[int, str]] = []
    line_height = round(layout_face.size * 1.5)
    current = next(stream)
    y = MARGIN_TOP
    while len(placed) < lines and y + line_height < A4_300DPI[1] - MARGIN_TOP:
        word = next(stream)
        if measure.textlength(f"{current} {word}", font=layout_face) <= width:
            current = f"{current} {word}"
            continue
        placed.append((y, current))
        current, y = word, y + line_height
    picture = _draw_lines(placed, point_size, dpi)
    drawn = [line for _, line in placed]
    return GeneratedPage(picture, unicodedata.normalize("NFC", "\n".join(drawn)))


def a4_pixels(dpi: int) -> tuple[int, int]:
    return round(A4_300DPI[0] * dpi / 300), round(A4_300DPI[1] * dpi / 300)


def _draw_lines(placed: list[tuple[int, str]], point_size: float, dpi: int) -> Image.Image:
    """Draw lines placed in 300-dpi units on a white A4 page of `dpi`."""
    face = font(round(point_size * dpi / 72))
    picture = Image.new("L", a4_pixels(dpi), 255)
    draw = ImageDraw.Draw(picture)
    left = round(MARGIN_LEFT * dpi / 300)
    for y, line in placed:
        draw.text((left, round(y * dpi / 300)), line, font=face, fill=0)
    return picture


def scanned(
    page: Image.Image,
    *,
    skew_degrees: float = 0.0,
    noise: float = 8.0,
    seed: int = 0,
) -> Image.Image:
    """What a flatbed scanner makes of the page: tilt, grain, a grey paper tone."""
    tilted = page.rotate(skew_degrees, resample=Image.Resampling.BICUBIC, fillcolor=255)
    pixels = np.asarray(tilted, dtype=np.float32)
    rng = np.random.default_rng(seed)
    grain = rng.normal(0, noise, pixels.shape) if noise else 0
    paper = pixels * 0.92 + 12 + grain
    return Image.fromarray(np.clip(paper, 0, 255).astype(np.uint8), mode="L")


def save_jpeg(picture: Image.Image, path: Path, quality: int = 75) -> Path:
    picture.save(path, format="JPEG", quality=quality, dpi=(300, 300))
    return path


def character_error_rate(expected: str, actual: str) -> float:
    """Edit distance over the expected length, whitespace folded to one space, NFC."""
    reference = " ".join(unicodedata.normalize("NFC", expected).split())
    hypothesis = " ".join(unicodedata.normalize("NFC", actual).split())
    if not reference:
        return 0.0 if not hypothesis else 1.0
    return float(Levenshtein.distance(reference, hypothesis)) / len(reference)
