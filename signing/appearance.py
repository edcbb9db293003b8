"""The visible stamp of a signature on page 1, per the rules for Vietnamese documents.

- The clerk who scans signs personally: the stamp is at the top-left of page 1, with
  the signer's name and the scan time (Circular 01/2023 Art. 8(1), as the domain notes
  cite it; that circular's text was not at hand).
- An agency's electronic copy (Decree 30/2020 Art. 25(1)(c), Appendix I Part II, I.1 and
  I.3) carries the agency's signature at the top-right of page 1 with, as its information,
  the form of copy ("SAO Y", "SAO LỤC" or "TRÍCH SAO"), the name of the copying agency and
  the signing time in ISO 8601 with the Vietnam zone, in Times New Roman 10 pt, upright,
  black (FreeSerif here, metric-compatible), and no image of the signature ("Không hiển
  thị"). The words "Bản sao điện tử" are not in the rule: an office may add them as a
  label. A seal image is drawn only when the profile asks for it with `show_seal`.

The stamp never covers what is on the page: its place comes from the page's words and ink
and the stamps already there (`page_content`, `stamp_placement`).
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from PIL import Image
from pyhanko.pdf_utils import layout
from pyhanko.pdf_utils.images import PdfImage
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.text import TextBoxStyle
from pyhanko.sign import fields
from pyhanko.stamp import TextStampStyle

from config.errors import ConfigError
from signing.errors import SignatureFailedError
from signing.page_content import occupied_boxes
from signing.page_geometry import POINTS_PER_MM, Box, Corner, PageView
from signing.page_one import known_boxes
from signing.stamp_font import DEFAULT_STAMP_FONT, TextSize, measure_text, stamp_font_factory
from signing.stamp_geometry import read_page_view, signature_boxes
from signing.stamp_placement import PlacementLimits, place_stamp
from signing.stamp_style import VietnameseStampStyle, vietnam_time, vietnam_time_in_words

if TYPE_CHECKING:
    from pyhanko.pdf_utils.font.opentype import GlyphAccumulatorFactory

COPY_TYPES = ("SAO Y", "SAO LỤC", "TRÍCH SAO")
"""The forms of copy of Decree 30/2020, Appendix I, Part II, I.1."""
DEFAULT_COPY_TYPE = "SAO Y"
FONT_SIZE = 10
LEADING = 12
DESCENT = 3
"""Room under the last baseline for descenders, in points."""
PADDING = 4
"""Between the stamp's edge and its text or seal, in points."""
GAP = 6
"""Between stacked stamps, in points."""
CLEARANCE = 2
"""Between a stamp's edge and the words or ink of the page, in points (its text keeps
PADDING more)."""
MAX_DROP_MM = 60
"""How far below its corner place a stamp may move to stay clear of the page's content."""
BAND_EDGE_MM = 3
"""A stamp's distance from the top edge when its corner is full and it goes in the margin."""
MAX_WRAPPED_LINES = 3
"""A stamp is narrowed by wrapping its longest line over at most this many lines."""
FIRST_PAGE = 0


class AppearanceKind(StrEnum):
    PERSONAL = "personal"  # the clerk who scanned: top-left of page 1, name and scan time
    AGENCY = "agency"  # the agency on results: top-right of page 1, name and signing time


_CORNERS = {AppearanceKind.PERSONAL: Corner.TOP_LEFT, AppearanceKind.AGENCY: Corner.TOP_RIGHT}


@dataclass(frozen=True)
class Appearance:
    kind: AppearanceKind
    name: str | None = None
    """The name shown; defaults to the signer certificate's common name."""
    copy_type: str | None = None
    """Agency stamps: the first line, the form of copy; None is "SAO Y". The settings
    allow only the forms of Decree 30/2020; a receipt puts its own heading here."""
    label: str | None = None
    """Agency stamps: a line above the form of copy that an office wants (such as "Bản
    sao điện tử"); None prints none, as the rule has none."""
    seal: Path | None = None
    """Agency stamps: a seal image (PNG), drawn at real size behind the text only with
    `show_seal`."""
    show_seal: bool = False
    """Draw the seal: off by default, as an electronic copy shows no image (Decree 30/2020,
    Appendix I, Part II, I.3)."""
    seal_width_mm: float | None = None
    """The seal's real width; None takes it from the PNG's resolution (pHYs)."""
    font: Path | None = None
    """A TrueType/OpenType font with 1000 units per em; None is FreeSerif."""
    margin_mm: float = 10.0
    """Distance of the stamp from the edges of the page as shown."""
    box: tuple[float, float, float, float] | None = None
    """A place kept for the stamp on page 1 (left, bottom, right, top in PDF points, the
    page's own coordinates), as a receipt's signature box; None: the kind's corner. The
    stamp's text is centred in a kept place."""
    detail: str | None = None
    """Agency stamps: a line under the name (a receipt names its collector here)."""
    time_in_words: bool = False
    """Show the signing time as '22:55:56 ngày 03/12/2026' (a receipt) instead of ISO 8601
    with the zone (an electronic copy, as Decree 30/2020 writes it)."""

    def __post_init__(self) -> None:
        agency_only = (
            self.seal, self.copy_type, self.label, self.show_seal or None, self.detail
        )  # fmt: skip
        if self.kind == AppearanceKind.PERSONAL and any(v is not None for v in agency_only):
            raise ConfigError(
                "A personal signature appearance shows only the name and scan time: "
                "remove 'seal', 'show_seal', 'copy_type', 'label' and 'detail' from it, or make "
                "it an agency appearance.",
                code="signing_appearance.personal_with_seal",
            )
        if self.show_seal and self.seal is None:
            raise ConfigError(
                "The signing appearance asks to show the seal but names no seal image: "
                "set 'seal' to a PNG file, or remove 'show_seal'.",
                code="signing_appearance.seal_not_given",
            )
        if self.seal_width_mm is not None and not self.seal_width_mm > 0:
            raise ConfigError(
                f"The seal width must be positive, not {self.seal_width_mm} mm.",
                code="signing_appearance.seal_width",
                params={"width": self.seal_width_mm},
            )
        if not 0 <= self.margin_mm <= 50:
            raise ConfigError(
                f"The stamp margin must be between 0 and 50 mm, not {self.margin_mm} mm.",
                code="signing_appearance.margin",
                params={"margin": self.margin_mm},
            )


@dataclass(frozen=True)
class StampPlan:
    field_spec: fields.SigFieldSpec
    stamp_style: TextStampStyle


@dataclass(frozen=True)
class _Seal:
    image: PdfImage
    width: float
    height: float


def plan_stamp(
    appearance: Appearance,
    writer: IncrementalPdfFileWriter,
    *,
    source: Path | None,
    field_name: str,
    signer_name: str,
    signing_time: dt.datetime,
    scanned_at: dt.datetime | None,
    page_one: str | None = None,
) -> StampPlan:
    """The field and style of a stamp on page 1 of the PDF in `writer`.

    `source` is that PDF's file, whose words and images the stamp keeps clear of; None
    keeps clear of earlier stamps only. `page_one` is what `signing.page_one` kept of that
    page when the file was written; when it fits, the page is not read again. The stamp
    shows the signing time pyHanko puts in the signature; `signing_time`, a moment close to
    it, only sizes the box.
    """
    lines = _stamp_lines(appearance, signer_name, scanned_at)
    shown_time = (vietnam_time_in_words if appearance.time_in_words else vietnam_time)(signing_time)
    font = stamp_font_factory(
        appearance.font or DEFAULT_STAMP_FONT, FONT_SIZE, _text(lines, shown_time)
    )
    seal = _load_seal(appearance) if appearance.show_seal else None
    layouts = _narrowing_layouts(lines, lambda text: measure_text(font, text), shown_time)
    sized = [
        _Sized(layout, measure_text(font, _text(layout, shown_time)), seal) for layout in layouts
    ]

    view = read_page_view(writer, FIRST_PAGE)
    if appearance.box is not None:
        chosen, box = sized[0], Box(*appearance.box)
    else:
        shapes = [item.size for item in sized]
        index, placed = _place(appearance, writer, (source, page_one), view, shapes)
        chosen, box = sized[index], view.to_user(placed)
    rounded_out = (
        math.floor(box.left),
        math.floor(box.bottom),
        math.ceil(box.right),
        math.ceil(box.top),
    )
    return StampPlan(
        field_spec=fields.SigFieldSpec(field_name, on_page=FIRST_PAGE, box=rounded_out),
        stamp_style=_stamp_style(
            _template(chosen.lines),
            font,
            chosen.text_left,
            seal,
            view.rotation,
            centred=appearance.box is not None,
            time_in_words=appearance.time_in_words,
        ),
    )


_Line = str | None
"""A line of a stamp: its text, or None for the signing time that pyHanko fills in."""


@dataclass(frozen=True)
class _Sized:
    """One layout of the stamp's lines and the size of its box."""

    lines: tuple[_Line, ...]
    text: TextSize
    seal: _Seal | None

    @property
    def text_left(self) -> int:
        if self.seal is None:
            return PADDING
        return round(max(PADDING, PADDING + self.seal.width - self.text.width / 3))

    @property
    def size(self) -> tuple[float, float]:
        height = self.text.lines * LEADING + DESCENT
        if self.seal is not None:
            height = max(height, math.ceil(self.seal.height))
        return (self.text_left + math.ceil(self.text.width) + PADDING, height + 2 * PADDING)


def _place(
    appearance: Appearance,
    writer: IncrementalPdfFileWriter,
    page: tuple[Path | None, str | None],
    view: PageView,
    shapes: list[tuple[float, float]],
) -> tuple[int, Box]:
    """Which layout goes where: clear of earlier stamps (by GAP) and of the page's words
    and ink (by CLEARANCE), in view coordinates."""
    margin = appearance.margin_mm * POINTS_PER_MM
    max_drop = MAX_DROP_MM * POINTS_PER_MM
    stamps = [view.to_view(box) for box in signature_boxes(writer, FIRST_PAGE)]
    source, page_one = page
    content: tuple[Box, ...] = ()
    if source is not None:
        lowest_reach = margin + max_drop + max(height for _, height in shapes) + CLEARANCE
        known = known_boxes(page_one, view, lowest_reach)
        content = (
            known if known is not None else occupied_boxes(source, FIRST_PAGE, view, lowest_reach)
        )
    # Earlier stamps are grown so that the common CLEARANCE keeps GAP from them.
    grown = GAP - CLEARANCE
    occupied = [
        Box(box.left - grown, box.bottom - grown, box.right + grown, box.top + grown)
        for box in stamps
    ]
    corner = _CORNERS[appearance.kind]
    limits = PlacementLimits(
        margin=margin,
        gap=CLEARANCE,
        max_drop=max_drop,
        band_edge=min(BAND_EDGE_MM, appearance.margin_mm) * POINTS_PER_MM,
    )
    placement = place_stamp(
        (view.width, view.height), shapes, corner, [*occupied, *content], limits
    )
    if placement is None:
        raise SignatureFailedError(
            f"There is no free place for the signature stamp in the {corner} corner of page 1 "
            f"or in its top margin: words, images or {len(stamps)} earlier stamps fill them. "
            "Sign this document with an invisible signature, or rescan it with a margin.",
            code="signing_stamp.no_free_place",
            params={"corner": corner, "signatures": len(stamps)},
        )
    return placement.shape, placement.box


def _stamp_style(
    template: str,
    font: GlyphAccumulatorFactory,
    text_left: int,
    seal: _Seal | None,
    page_rotation: int,
    *,
    centred: bool = False,
    time_in_words: bool = False,
) -> VietnameseStampStyle:
    """Text at `text_left` (or centred across, in a kept place), centred vertically, over the
    seal (if any) at the left edge."""
    return VietnameseStampStyle(
        stamp_text=template,
        text_box_style=TextBoxStyle(
            font=font,
            font_size=FONT_SIZE,
            leading=LEADING,
            box_layout_rule=layout.SimpleBoxLayoutRule(
                x_align=layout.AxisAlignment.ALIGN_MIN,
                y_align=layout.AxisAlignment.ALIGN_MIN,
                margins=layout.Margins(bottom=DESCENT),
            ),
        ),
        inner_content_layout=layout.SimpleBoxLayoutRule(
            x_align=layout.AxisAlignment.ALIGN_MID if centred else layout.AxisAlignment.ALIGN_MIN,
            y_align=layout.AxisAlignment.ALIGN_MID,
            margins=layout.Margins(left=text_left, right=PADDING, top=PADDING, bottom=PADDING),
        ),
        border_width=0,
        background=None if seal is None else seal.image,
        background_layout=layout.SimpleBoxLayoutRule(
            x_align=layout.AxisAlignment.ALIGN_MIN,
            y_align=layout.AxisAlignment.ALIGN_MID,
            margins=layout.Margins(left=PADDING),
            inner_content_scaling=layout.InnerScaling.NO_SCALING,
        ),
        background_opacity=1.0,
        page_rotation=page_rotation,
        time_in_words=time_in_words,
    )


def _stamp_lines(
    appearance: Appearance, signer_name: str, scanned_at: dt.datetime | None
) -> tuple[_Line, ...]:
    """The stamp's lines, in NFC (the stamp font keeps no rules for placing combining
    accents)."""
    name = _shown(appearance.name or signer_name)
    if not name:
        raise ConfigError(
            "The signer certificate has no common name to show in the signature stamp: "
            "set the name in the signing profile's appearance.",
            code="signing_appearance.name_missing",
        )
    if appearance.kind == AppearanceKind.PERSONAL:
        return (name, None if scanned_at is None else vietnam_time(scanned_at))
    label = _shown(appearance.label) if appearance.label else None
    copy_type = _shown(appearance.copy_type or DEFAULT_COPY_TYPE)
    detail = _shown(appearance.detail) if appearance.detail else None
    return (*([label] if label else []), copy_type, name, *([detail] if detail else []), None)


def _narrowing_layouts(
    lines: tuple[_Line, ...], measure: Callable[[str], TextSize], shown_time: str
) -> list[tuple[_Line, ...]]:
    """The lines as they are, then narrower: the widest wrapped over 2, ..., MAX_WRAPPED_LINES
    lines at the spaces that keep it narrowest; each layout narrower than the one before."""
    layouts = [lines]
    width = measure(_text(lines, shown_time)).width
    widest = max(
        (index for index, line in enumerate(lines) if line is not None),
        key=lambda index: measure(lines[index] or "").width,
    )
    words = (lines[widest] or "").split(" ")
    for parts in range(2, min(MAX_WRAPPED_LINES, len(words)) + 1):
        wrapped = min(
            (
                _split(words, cuts)
                for cuts in itertools.combinations(range(1, len(words)), parts - 1)
            ),
            key=lambda split: measure("\n".join(split)).width,
        )
        layout = (*lines[:widest], *wrapped, *lines[widest + 1 :])
        narrower = measure(_text(layout, shown_time)).width
        if narrower < width:
            layouts.append(layout)
            width = narrower
    return layouts


def _split(words: list[str], cuts: tuple[int, ...]) -> tuple[str, ...]:
    bounds = (0, *cuts, len(words))
    return tuple(" ".join(words[start:end]) for start, end in itertools.pairwise(bounds))


def _text(lines: tuple[_Line, ...], shown_time: str) -> str:
    return "\n".join(shown_time if line is None else line for line in lines)


def _template(lines: tuple[_Line, ...]) -> str:
    """The stamp's text for pyHanko, which puts the signing time in place of %(ts)s."""
    return "\n".join("%(ts)s" if line is None else _escaped(line) for line in lines)


def _shown(text: str) -> str:
    """One line of NFC text, as Vietnamese text must be stored and shown."""
    return unicodedata.normalize("NFC", " ".join(text.split()))


def _escaped(text: str) -> str:
    return text.replace("%", "%%")


def _load_seal(appearance: Appearance) -> _Seal | None:
    if appearance.seal is None:
        return None
    path = appearance.seal
    try:
        with Image.open(path) as opened:
            opened.load()
            dpi = opened.info.get("dpi")
            # pyHanko ignores a palette's transparency; RGBA keeps the seal's see-through parts.
            image = opened.copy() if opened.mode in ("RGB", "RGBA") else opened.convert("RGBA")
    except (OSError, Image.DecompressionBombError) as error:
        raise ConfigError(
            f"Cannot read the seal image {path} of the signing appearance: {error}",
            code="signing_appearance.seal_unreadable",
            params={"file": path, "reason": error},
        ) from error
    if appearance.seal_width_mm is not None:
        width = appearance.seal_width_mm * POINTS_PER_MM
    elif isinstance(dpi, tuple) and len(dpi) == 2 and float(dpi[0]) > 0:
        width = image.width / float(dpi[0]) * 72
    else:
        raise ConfigError(
            f"The seal image {path} does not record its resolution, so its real size is "
            "unknown: set seal_width_mm in the signing appearance (a round seal is about "
            "35-42 mm across).",
            code="signing_appearance.seal_resolution",
            params={"file": path},
        )
    height = width * image.height / image.width
    box = layout.BoxConstraints(width=round(width), height=round(height))
    return _Seal(image=PdfImage(image, box=box), width=width, height=height)
