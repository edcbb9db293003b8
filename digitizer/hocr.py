"""What Tesseract's hOCR says about a page: its text, confidence, orientation and skew."""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from itertools import groupby

from digitizer.hocr_lines import HocrLine, HocrPage

_MIN_SKEW_LINE_WIDTH = 200  # pixels; short lines give noisy slopes


@dataclass(frozen=True)
class HocrSummary:
    words: int
    mean_confidence: float | None
    textangle: int  # degrees anticlockwise the text is turned, by most words
    skew_degrees: float | None  # anticlockwise tilt of upright lines


def summarize_hocr(page: HocrPage) -> HocrSummary:
    confidences = [
        word.confidence for line in page.lines for word in line.words if word.confidence is not None
    ]
    angles: Counter[int] = Counter()
    for line in page.lines:
        angles[line.angle] += len(line.words)
    textangle = angles.most_common(1)[0][0] if angles.total() else 0
    return HocrSummary(
        words=len(confidences),
        mean_confidence=round(sum(confidences) / len(confidences), 1) if confidences else None,
        textangle=textangle,
        skew_degrees=_skew(page.lines) if textangle == 0 else None,
    )


def hocr_text(page: HocrPage) -> str:
    """Words by spaces, lines by newlines, paragraphs by a blank line."""
    paragraphs = groupby(page.lines, key=lambda line: line.paragraph)
    return "\n\n".join(
        "\n".join(" ".join(word.text for word in line.words) for line in lines)
        for _, lines in paragraphs
    )


def _skew(lines: tuple[HocrLine, ...]) -> float | None:
    """Median tilt of long lines, weighted by width; hOCR's y axis points down."""
    slopes = sorted(
        (line.slope, line.box[2] - line.box[0])
        for line in lines
        if line.box[2] - line.box[0] >= _MIN_SKEW_LINE_WIDTH and len(line.words) > 1
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
