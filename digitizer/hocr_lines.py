"""The words of an hOCR page with their boxes, line by line, for drawing the text layer."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from digitizer.text import normalize_text

_PARTS = re.compile(
    r"<div class='ocr_page'[^>]*?title=(?P<pq>['\"])(?P<page>.*?)(?P=pq)"
    r"|(?P<par><p class='ocr_par')"
    r"|<span class='(?:ocr_line|ocr_header|ocr_caption|ocr_textfloat)'[^>]*?"
    r"title=(?P<lq>['\"])(?P<line>.*?)(?P=lq)"
    r"|<span class='ocrx_word'[^>]*?title=(?P<wq>['\"])(?P<word>.*?)(?P=wq)[^>]*>(?P<text>[^<]*)"
)
_BBOX = re.compile(r"bbox (-?\d+) (-?\d+) (-?\d+) (-?\d+)")
_BASELINE = re.compile(r"baseline (-?[\d.e-]+) (-?[\d.e-]+)")
_TEXTANGLE = re.compile(r"textangle (\d+)")
_X_SIZE = re.compile(r"x_size ([\d.]+)")
_WCONF = re.compile(r"x_wconf (-?\d+)")

Box = tuple[int, int, int, int]  # left, top, right, bottom in image pixels, y down


@dataclass(frozen=True)
class HocrWord:
    box: Box
    text: str  # NFC, look-alikes mended
    confidence: int | None


@dataclass
class HocrLine:
    paragraph: int  # lines of one paragraph share it
    box: Box
    angle: int  # degrees anticlockwise the text is turned
    slope: float  # of the baseline, image pixels (y down)
    offset: float  # baseline height above the box's bottom-left corner, negative is up
    size: float  # line height in pixels (ascenders included)
    words: list[HocrWord] = field(default_factory=list)


@dataclass(frozen=True)
class HocrPage:
    width: int
    height: int
    lines: tuple[HocrLine, ...]


def read_hocr_page(hocr: str) -> HocrPage:
    width = height = paragraph = 0
    lines: list[HocrLine] = []
    for match in _PARTS.finditer(hocr):
        if match["page"] is not None:
            box = _box(match["page"])
            width, height = box[2], box[3]
        elif match["par"] is not None:
            paragraph += 1
        elif match["line"] is not None:
            lines.append(_line(match["line"], paragraph))
        elif lines:
            text = normalize_text(html.unescape(match["text"])).strip()
            if text:
                confidence = _WCONF.search(match["word"])
                lines[-1].words.append(
                    HocrWord(_box(match["word"]), text, int(confidence[1]) if confidence else None)
                )
    return HocrPage(width, height, tuple(line for line in lines if line.words))


def _box(title: str) -> Box:
    found = _BBOX.search(title)
    if found is None:
        return (0, 0, 0, 0)
    left, top, right, bottom = (int(value) for value in found.groups())
    return left, top, right, bottom


def _line(title: str, paragraph: int) -> HocrLine:
    box = _box(title)
    baseline = _BASELINE.search(title)
    angle = _TEXTANGLE.search(title)
    size = _X_SIZE.search(title)
    return HocrLine(
        paragraph=paragraph,
        box=box,
        angle=int(angle[1]) % 360 if angle else 0,
        slope=float(baseline[1]) if baseline else 0.0,
        offset=float(baseline[2]) if baseline else 0.0,
        size=float(size[1]) if size else float(box[3] - box[1]),
    )
