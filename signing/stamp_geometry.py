"""Where a stamp goes on a page, as the reader sees the page.

A viewer shows a page through its crop box (clipped to its media box), turned clockwise
by its /Rotate. Stamps are placed in that view, so that "top-left" is what the reader
calls top-left, and the box is then mapped back to the page's default user space, where
the signature widget lives.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.rw_common import PdfHandler

from signing.errors import SignatureFailedError

POINTS_PER_MM = 72 / 25.4
_MAX_TREE_DEPTH = 64


class Corner(StrEnum):
    TOP_LEFT = "top-left"
    TOP_RIGHT = "top-right"


@dataclass(frozen=True)
class Box:
    left: float
    bottom: float
    right: float
    top: float

    @classmethod
    def spanning(cls, x1: float, y1: float, x2: float, y2: float) -> Box:
        """The box with these two opposite corners, in any order (as PDF rectangles are)."""
        return cls(min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2))

    @property
    def width(self) -> float:
        return self.right - self.left

    @property
    def height(self) -> float:
        return self.top - self.bottom

    def overlaps(self, other: Box, gap: float = 0) -> bool:
        """Whether the boxes intersect or come closer than `gap`."""
        return (
            self.left < other.right + gap
            and other.left < self.right + gap
            and self.bottom < other.top + gap
            and other.bottom < self.top + gap
        )


@dataclass(frozen=True)
class PageView:
    visible: Box
    """The crop box clipped to the media box, in default user space."""
    rotation: int
    """Clockwise quarter turns applied by the viewer: 0, 90, 180 or 270."""

    @property
    def width(self) -> float:
        return self.visible.height if self.rotation in (90, 270) else self.visible.width

    @property
    def height(self) -> float:
        return self.visible.width if self.rotation in (90, 270) else self.visible.height

    def to_view(self, box: Box) -> Box:
        """A box in default user space, in view coordinates (origin bottom-left, y up)."""
        return Box.spanning(
            *self._point_to_view(box.left, box.bottom), *self._point_to_view(box.right, box.top)
        )

    def to_user(self, box: Box) -> Box:
        """A box in view coordinates, in the page's default user space."""
        return Box.spanning(
            *self._point_to_user(box.left, box.bottom), *self._point_to_user(box.right, box.top)
        )

    def user_to_view(self) -> tuple[float, float, float, float, float, float]:
        """`to_view` as a PDF matrix (a b c d e f): x' = ax + cy + e, y' = bx + dy + f."""
        left, bottom = self.visible.left, self.visible.bottom
        w, h = self.visible.width, self.visible.height
        return {
            0: (1, 0, 0, 1, -left, -bottom),
            90: (0, -1, 1, 0, -bottom, w + left),
            180: (-1, 0, 0, -1, w + left, h + bottom),
            270: (0, 1, -1, 0, h + bottom, -left),
        }[self.rotation]

    def _point_to_view(self, x: float, y: float) -> tuple[float, float]:
        u, v = x - self.visible.left, y - self.visible.bottom
        w, h = self.visible.width, self.visible.height
        return {0: (u, v), 90: (v, w - u), 180: (w - u, h - v), 270: (h - v, u)}[self.rotation]

    def _point_to_user(self, x: float, y: float) -> tuple[float, float]:
        w, h = self.visible.width, self.visible.height
        u, v = {0: (x, y), 90: (w - y, x), 180: (w - x, h - y), 270: (y, h - x)}[self.rotation]
        return u + self.visible.left, v + self.visible.bottom


def read_page_view(pdf: PdfHandler, page_index: int) -> PageView:
    page = _page(pdf, page_index)
    media_box = _box(_inherited(page, "/MediaBox", "/Parent"))
    if media_box is None:
        raise SignatureFailedError(
            f"Cannot place the signature stamp: page {page_index + 1} has no valid "
            "/MediaBox, so the PDF is damaged. Repair or rescan it before signing.",
            code="signing_stamp.page_damaged",
            params={"page": page_index + 1},
        )
    crop_box = _box(_inherited(page, "/CropBox", "/Parent")) or media_box
    visible = Box(
        max(crop_box.left, media_box.left),
        max(crop_box.bottom, media_box.bottom),
        min(crop_box.right, media_box.right),
        min(crop_box.top, media_box.top),
    )
    if visible.width <= 0 or visible.height <= 0:
        visible = media_box
    rotate = _number(_inherited(page, "/Rotate", "/Parent")) or 0
    rotation = round(rotate / 90) % 4 * 90
    return PageView(visible=visible, rotation=rotation)


def signature_boxes(pdf: PdfHandler, page_index: int) -> tuple[Box, ...]:
    """The rectangles of the visible signature widgets on a page, in default user space."""
    annotations = _entry(_page(pdf, page_index), "/Annots")
    if not isinstance(annotations, generic.ArrayObject):
        return ()
    boxes = []
    for index in range(len(annotations)):
        annotation = annotations[index]  # indexing resolves references; iterating does not
        if not isinstance(annotation, generic.DictionaryObject):
            continue
        if _entry(annotation, "/Subtype") != "/Widget":
            continue
        if _inherited(annotation, "/FT", "/Parent") != "/Sig":
            continue
        box = _box(_entry(annotation, "/Rect"))
        if box is not None and box.width > 0 and box.height > 0:
            boxes.append(box)
    return tuple(boxes)


def _page(pdf: PdfHandler, page_index: int) -> generic.DictionaryObject:
    page_ref, _resources = pdf.find_page_for_modification(page_index)  # type: ignore[no-untyped-call]
    page = page_ref.get_object()
    if not isinstance(page, generic.DictionaryObject):
        raise SignatureFailedError(
            f"Cannot place the signature stamp: page {page_index + 1} is not a page "
            "dictionary, so the PDF is damaged. Repair or rescan it before signing.",
            code="signing_stamp.page_damaged",
            params={"page": page_index + 1},
        )
    return page


def _inherited(node: generic.DictionaryObject, key: str, parent_key: str) -> object:
    for _level in range(_MAX_TREE_DEPTH):  # a damaged file may loop its parents
        if key in node:
            return node[key]
        parent = _entry(node, parent_key)
        if not isinstance(parent, generic.DictionaryObject):
            return None
        node = parent
    return None


def _entry(dictionary: generic.DictionaryObject, key: str) -> object:
    """The value under `key`, resolved (`get` would return an indirect reference as is)."""
    try:
        return dictionary[key]
    except KeyError:
        return None


def _box(value: object) -> Box | None:
    if not isinstance(value, generic.ArrayObject) or len(value) != 4:
        return None
    coordinates = [_number(value[index]) for index in range(4)]
    if None in coordinates:
        return None
    x1, y1, x2, y2 = (float(number or 0) for number in coordinates)
    return Box.spanning(x1, y1, x2, y2)


def _number(value: object) -> float | None:
    # pyHanko reads PDF reals as Decimal subclasses and integers as int subclasses.
    return float(value) if isinstance(value, int | float | Decimal) else None
