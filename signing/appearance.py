"""The visible stamp of a signature on page 1, per the rules for Vietnamese documents.

- The clerk who scans signs personally: the stamp is at the top-left of page 1, with
  the signer's name and the scan time (Circular 01/2023 Art. 8(1)).
- An agency's electronic copy carries the agency signature at the top-right of page 1:
  copy type, agency name, signing time in ISO 8601 Vietnam time, Times New Roman 10 pt,
  no image but an optional red seal at real size covering about a third of the text on
  its left (Decree 30/2020).

Stamps already on page 1 are kept clear of: a new stamp moves down below them.
"""

from __future__ import annotations

import datetime as dt
import math
import unicodedata
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
from signing.stamp_font import DEFAULT_STAMP_FONT, measure_text, stamp_font_factory
from signing.stamp_geometry import (
    POINTS_PER_MM,
    Box,
    Corner,
    place_box,
    read_page_view,
    signature_boxes,
)
from signing.stamp_style import VietnameseStampStyle, vietnam_time

if TYPE_CHECKING:
    from pyhanko.pdf_utils.font.opentype import GlyphAccumulatorFactory

DEFAULT_COPY_TYPE = "Bản sao điện tử"
FONT_SIZE = 10
LEADING = 12
DESCENT = 3
"""Room under the last baseline for descenders, in points."""
PADDING = 4
"""Between the stamp's edge and its text or seal, in points."""
GAP = 6
"""Between stacked stamps, in points."""
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
    """Agency stamps: the kind of copy, e.g. "Bản sao điện tử" (the default)."""
    seal: Path | None = None
    """Agency stamps: an optional seal image (PNG), drawn at real size behind the text."""
    seal_width_mm: float | None = None
    """The seal's real width; None takes it from the PNG's resolution (pHYs)."""
    font: Path | None = None
    """A TrueType/OpenType font with 1000 units per em; None is FreeSerif."""
    margin_mm: float = 10.0
    """Distance of the stamp from the edges of the page as shown."""
    box: tuple[float, float, float, float] | None = None
    """A place kept for the stamp on page 1 (left, bottom, right, top in PDF points, the
    page's own coordinates), as a receipt's signature box; None: the kind's corner."""

    def __post_init__(self) -> None:
        if self.kind == AppearanceKind.PERSONAL and (
            self.seal is not None or self.copy_type is not None
        ):
            raise ConfigError(
                "A personal signature appearance shows only the name and scan time: "
                "remove 'seal' and 'copy_type' from it, or make it an agency appearance.",
                code="signing_appearance.personal_with_seal",
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
    field_name: str,
    signer_name: str,
    signing_time: dt.datetime,
    scanned_at: dt.datetime | None,
) -> StampPlan:
    """The field and style of a stamp on page 1 of the PDF in `writer`.

    The stamp shows the signing time pyHanko puts in the signature; `signing_time`, a
    moment close to it, only sizes the box.
    """
    # Precomposed letters (NFC): the stamp font keeps no rules for placing combining accents.
    template = unicodedata.normalize("NFC", _stamp_template(appearance, signer_name, scanned_at))
    stamp_text = template % {"ts": vietnam_time(signing_time)}
    font = stamp_font_factory(appearance.font or DEFAULT_STAMP_FONT, FONT_SIZE, stamp_text)
    text = measure_text(font, stamp_text)
    seal = _load_seal(appearance)
    text_left = PADDING
    height = text.lines * LEADING + DESCENT
    if seal is not None:
        text_left = round(max(PADDING, PADDING + seal.width - text.width / 3))
        height = max(height, math.ceil(seal.height))
    size = (text_left + math.ceil(text.width) + PADDING, height + 2 * PADDING)

    view = read_page_view(writer, FIRST_PAGE)
    if appearance.box is not None:
        box = Box(*appearance.box)
    else:
        occupied = [view.to_view(box) for box in signature_boxes(writer, FIRST_PAGE)]
        margin = appearance.margin_mm * POINTS_PER_MM
        corner = _CORNERS[appearance.kind]
        box = view.to_user(place_box(view, size, corner, occupied, margin=margin, gap=GAP))
    rounded_out = (
        math.floor(box.left),
        math.floor(box.bottom),
        math.ceil(box.right),
        math.ceil(box.top),
    )
    return StampPlan(
        field_spec=fields.SigFieldSpec(field_name, on_page=FIRST_PAGE, box=rounded_out),
        stamp_style=_stamp_style(template, font, text_left, seal, view.rotation),
    )


def _stamp_style(
    template: str,
    font: GlyphAccumulatorFactory,
    text_left: int,
    seal: _Seal | None,
    page_rotation: int,
) -> VietnameseStampStyle:
    """Text at `text_left`, centred vertically, over the seal (if any) at the left edge."""
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
            x_align=layout.AxisAlignment.ALIGN_MIN,
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
    )


def _stamp_template(
    appearance: Appearance, signer_name: str, scanned_at: dt.datetime | None
) -> str:
    """The stamp's lines; pyHanko puts the signing time in place of %(ts)s."""
    name = _shown(appearance.name or signer_name)
    if not name:
        raise ConfigError(
            "The signer certificate has no common name to show in the signature stamp: "
            "set the name in the signing profile's appearance.",
            code="signing_appearance.name_missing",
        )
    if appearance.kind == AppearanceKind.PERSONAL:
        shown_time = "%(ts)s" if scanned_at is None else _escaped(vietnam_time(scanned_at))
        return "\n".join((_escaped(name), shown_time))
    copy_type = _shown(appearance.copy_type or DEFAULT_COPY_TYPE)
    return "\n".join((_escaped(copy_type), _escaped(name), "%(ts)s"))


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
