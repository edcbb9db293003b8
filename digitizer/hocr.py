"""Read what Tesseract's hOCR says about a page: words, confidence, orientation, skew."""

from __future__ import annotations

import html
import math
import re
from collections import Counter
from dataclasses import dataclass

_SPAN = re.compile(
    r"<span class='(?P<cls>ocr_line|ocr_header|ocr_caption|ocr_textfloat|ocrx_word)'"
    r"[^>]*?title=(?P<q>['\"])(?P<title>.*?)(?P=q)[^>]*>(?P<text>[^<]*)",
)
_TEXT_PARTS = re.compile(
    r"<p class='ocr_par'|<span class='(?:ocr_line|ocr_header|ocr_caption|ocr_textfloat)'"
    r"|<span class='ocrx_word'[^>]*>(?P<word>[^<]*)"
)
_BBOX = re.compile(r"bbox (-?\d+) (-?\d+) (-?\d+) (-?\d+)")
_BASELINE = re.compile(r"baseline (-?[\d.]+) (-?[\d.]+)")
_TEXTANGLE = re.compile(r"textangle (\d+)")
_WCONF = re.compile(r"x_wconf (-?\d+)")
_MIN_SKEW_LINE_WIDTH = 200  # pixels; short lines give noisy slopes


@dataclass(frozen=True)
class HocrSummary:
    words: int
    mean_confidence: float | None
    textangle: int  # degrees anticlockwise the text is turned, by most words
    skew_degrees: float | None  # anticlockwise tilt of upright lines


@dataclass
class _Line:
    angle: int
    slope: float | None
    width: int
    words: int = 0


def summarize_hocr(hocr: str) -> HocrSummary:
    lines: list[_Line] = []
    confidences: list[int] = []
    for match in _SPAN.finditer(hocr):
        title = match["title"]
        if match["cls"] != "ocrx_word":
            lines.append(_read_line(title))
            continue
        if not html.unescape(match["text"]).strip():
            continue
        confidence = _WCONF.search(title)
        if confidence:
            confidences.append(int(confidence[1]))
        if lines:
            lines[-1].words += 1
    angles: Counter[int] = Counter()
    for line in lines:
        angles[line.angle] += line.words
    textangle = angles.most_common(1)[0][0] if angles and angles.total() else 0
    return HocrSummary(
        words=len(confidences),
        mean_confidence=round(sum(confidences) / len(confidences), 1) if confidences else None,
        textangle=textangle,
        skew_degrees=_skew(lines) if textangle == 0 else None,
    )


def _read_line(title: str) -> _Line:
    box = _BBOX.search(title)
    width = int(box[3]) - int(box[1]) if box else 0
    angle = _TEXTANGLE.search(title)
    baseline = _BASELINE.search(title)
    return _Line(
        angle=int(angle[1]) % 360 if angle else 0,
        slope=float(baseline[1]) if baseline else None,
        width=width,
    )


def _skew(lines: list[_Line]) -> float | None:
    """Median tilt of long lines, weighted by width; hOCR's y axis points down."""
    slopes = sorted(
        (line.slope, line.width)
        for line in lines
        if line.slope is not None and line.width >= _MIN_SKEW_LINE_WIDTH and line.words > 1
    )
    if not slopes:
        return None
    half = sum(width for _, width in slopes) / 2
    running = 0
    for slope, width in slopes:
        running += width
        if running >= half:
            return round(math.degrees(math.atan(-slope)), 2) + 0.0
    return None


def hocr_text(hocr: str) -> str:
    """The page's plain text: words by spaces, lines by newlines, paragraphs by a blank line.

    Read from the hOCR rather than asked of Tesseract's text renderer, which would cost
    each page another pass over its results.
    """
    paragraphs: list[list[list[str]]] = []
    for match in _TEXT_PARTS.finditer(hocr):
        if match.group(0).startswith("<p"):
            paragraphs.append([])
        elif match["word"] is None:
            if not paragraphs:
                paragraphs.append([])
            paragraphs[-1].append([])
        elif paragraphs and paragraphs[-1]:
            word = html.unescape(match["word"]).strip()
            if word:
                paragraphs[-1][-1].append(word)
    blocks = ["\n".join(" ".join(line) for line in lines if line) for lines in paragraphs]
    return "\n\n".join(block for block in blocks if block)
