"""The invisible text layer, drawn from the hOCR with Tesseract's own glyphless font.

Asking Tesseract for its PDF as well as the hOCR would walk its results twice (about 8 %
more time a page); the hOCR holds every word's box and each line's baseline, which is all
the layer needs. The font is the one Tesseract embeds in its PDFs: every character code is
a UTF-16 unit drawn as one invisible glyph 500 units wide, with an identity ToUnicode map,
so each word is stretched (Tz) over its picture and copies out as the text it is.
"""

from __future__ import annotations

import math
import subprocess
import tempfile
from functools import cache
from io import BytesIO
from pathlib import Path

import pikepdf
from PIL import Image

from digitizer.hocr_lines import Box, HocrLine, HocrPage, HocrWord

_FONT = b"/f-0-0"  # the font's name in Tesseract's page resources
_GLYPH_WIDTH = 0.5  # of the font size: the glyphless font's single advance width
_BASELINE_IN_BOX = 0.2  # rotated lines: the baseline sits this far into the box


def layer_from_hocr(page: HocrPage, dpi: int) -> pikepdf.Pdf:
    """A one-page PDF, the image's size at `dpi`, holding the page's words invisibly."""
    points = 72 / dpi
    layer = pikepdf.open(BytesIO(_glyphless_template()))
    target = layer.pages[0]
    target.mediabox = pikepdf.Array([0, 0, page.width * points, page.height * points])
    commands = [b"BT 3 Tr"]
    for line in page.lines:
        commands.extend(_line_commands(line, page.height, points))
    commands.append(b"ET")
    target.obj.Contents = layer.make_stream(b"\n".join(commands))
    return layer


def _line_commands(line: HocrLine, page_height: int, points: float) -> list[bytes]:
    angle = _line_angle(line)
    cos, sin = math.cos(angle), math.sin(angle)
    size = max(line.size * points, 1.0)
    drawn = [b"%s %s Tf" % (_FONT, _number(size))]
    previous: tuple[float, float] | None = None
    for index, word in enumerate(line.words):
        x, y = _start(line, word)
        # As Tesseract does: the word and the space after it squeezed into the word's
        # box, so that the gap before the next word stays a gap for text extractors.
        text = word.text if index == len(line.words) - 1 else word.text + " "
        units = len(text.encode("utf-16-be")) // 2
        span = max(_extent(word.box, line.angle), 1.0) * points
        stretch = 100 * span / (size * _GLYPH_WIDTH * units)
        here = (x * points, (page_height - y) * points)
        if previous is None:
            place = b" ".join(_number(value) for value in (cos, sin, -sin, cos, *here)) + b" Tm"
        else:  # a move along the line and across it, in the line's own turned axes
            dx, dy = here[0] - previous[0], here[1] - previous[1]
            along, across = dx * cos + dy * sin, dy * cos - dx * sin
            place = b"%s %s Td" % (_number(along), _number(across))
        drawn.append(b"%s %s Tz [<%s>] TJ" % (place, _number(stretch), _hex(text)))
        previous = here
    return drawn


def _line_angle(line: HocrLine) -> float:
    """Radians anticlockwise; an upright line's own baseline slope counts too."""
    if line.angle == 0:
        return math.atan(-line.slope)
    return math.radians(line.angle)


def _start(line: HocrLine, word: HocrWord) -> tuple[float, float]:
    """Where the word's baseline begins, in image pixels (y down)."""
    left, top, right, bottom = word.box
    if line.angle == 0:
        line_left, _, _, line_bottom = line.box
        return left, line_bottom + line.offset + line.slope * (left - line_left)
    across = {90: right - left, 180: bottom - top, 270: right - left}.get(line.angle, 0)
    inset = across * _BASELINE_IN_BOX
    if line.angle == 90:  # reads upwards; the tops of the letters face left
        return right - inset, bottom
    if line.angle == 180:  # upside down; reads leftwards
        return right, top + inset
    return left + inset, top  # 270: reads downwards; the tops face right


def _extent(box: Box, angle: int) -> float:
    left, top, right, bottom = box
    return float(bottom - top if angle in (90, 270) else right - left)


def _hex(text: str) -> bytes:
    return text.encode("utf-16-be", errors="surrogatepass").hex().upper().encode()


def _number(value: float) -> bytes:
    return (f"{value:.3f}".rstrip("0").rstrip(".") or "0").encode()


@cache
def _glyphless_template() -> bytes:
    """A text-only PDF of Tesseract's, made once a process, for its font objects."""
    with tempfile.TemporaryDirectory(prefix="sohoa-font-") as folder:
        blank = Path(folder) / "blank.png"
        Image.new("L", (64, 64), 255).save(blank, dpi=(300, 300))
        subprocess.run(
            [
                "tesseract",
                str(blank),
                str(Path(folder) / "template"),
                "--psm",
                "3",
                "-c",
                "textonly_pdf=1",
                "pdf",
            ],
            capture_output=True,
            check=True,
        )
        return (Path(folder) / "template.pdf").read_bytes()
