"""A page as its reader sees it, and boxes on it, in points.

A viewer shows a page through its crop box (clipped to its media box), turned clockwise
by its /Rotate. Stamps are placed in that view, so that "top-left" is what the reader
calls top-left, and the box is then mapped back to the page's default user space, where
the signature widget lives. Plain values: no PDF library is needed to use them.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

POINTS_PER_MM = 72 / 25.4


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


def view_of(media_box: Box, crop_box: Box | None, rotate: float) -> PageView:
    """The view of a page with these boxes (default user space) and /Rotate (degrees)."""
    crop = crop_box or media_box
    visible = Box(
        max(crop.left, media_box.left),
        max(crop.bottom, media_box.bottom),
        min(crop.right, media_box.right),
        min(crop.top, media_box.top),
    )
    if visible.width <= 0 or visible.height <= 0:
        visible = media_box
    return PageView(visible=visible, rotation=round(rotate / 90) % 4 * 90)
