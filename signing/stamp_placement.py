"""Where a stamp goes so that it covers nothing: a pure function of the page as the reader
sees it, what already occupies it, and the shapes the stamp can take.

The rule for an electronic copy puts the agency's signature at the top-right of page 1
(Decree 30/2020, Appendix I, Part II, I.3), and the clerk's personal stamp goes at the
top-left; neither rule says what to do when the corner is already written on. Sohoa never
covers what is there: in its corner, the stamp moves down (at most `max_drop`) or takes a
narrower shape (its longest line wrapped, so it grows taller), whichever keeps it nearest
the top; when the corner is full down to that limit, it goes in the top margin band
(`band_edge` from the top edge), as close to its corner as it can, within the corner's half
of the page. Where none of that is free, nothing is placed.

Coordinates are the view's: origin at the bottom-left, y up, in points.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from signing.page_geometry import Box, Corner

BAND_STEP = 4.0
"""How far apart the places tried along the margin band are, in points."""


@dataclass(frozen=True)
class PlacementLimits:
    margin: float
    """The stamp's distance from the top and side edges in its corner."""
    gap: float
    """The clear space kept around everything already on the page."""
    max_drop: float
    """How far below its corner place the stamp may move down."""
    band_edge: float
    """The stamp's distance from the top edge when it goes in the margin band."""


@dataclass(frozen=True)
class Placement:
    box: Box
    shape: int
    """Which of the shapes offered was placed (their index)."""
    in_band: bool
    """Placed in the top margin band because its corner was full."""


def place_stamp(
    page_size: tuple[float, float],
    shapes: Sequence[tuple[float, float]],
    corner: Corner,
    occupied: Sequence[Box],
    limits: PlacementLimits,
) -> Placement | None:
    """The free place nearest the top of `corner` for one of `shapes` (width, height),
    or None when neither the corner nor the margin band has room for any of them.

    Shapes come in order of preference: among places equally near the top, the first
    shape wins.
    """
    search = _Search(page_size, shapes, corner, occupied, limits)
    return search.in_corner() or search.in_band()


@dataclass(frozen=True)
class _Search:
    page_size: tuple[float, float]
    shapes: Sequence[tuple[float, float]]
    corner: Corner
    occupied: Sequence[Box]
    limits: PlacementLimits

    def in_corner(self) -> Placement | None:
        page_width, page_height = self.page_size
        margin = self.limits.margin
        start = page_height - margin
        best: Placement | None = None
        for index, (width, height) in enumerate(self.shapes):
            if width > page_width - 2 * margin:
                continue
            left = margin if self.corner is Corner.TOP_LEFT else page_width - margin - width
            floor = max(start - self.limits.max_drop - height, margin)
            top = _highest_free_top(
                left, left + width, start, height, floor, self.occupied, self.limits.gap
            )
            if top is not None and (best is None or top > best.box.top):
                best = Placement(Box(left, top - height, left + width, top), index, in_band=False)
        return best

    def in_band(self) -> Placement | None:
        page_width, page_height = self.page_size
        top = page_height - self.limits.band_edge
        for index, (width, height) in enumerate(self.shapes):
            if top - height < self.limits.margin:
                continue
            for left in _band_lefts(page_width, width, self.corner, self.limits.margin):
                candidate = Box(left, top - height, left + width, top)
                if not any(candidate.overlaps(box, self.limits.gap) for box in self.occupied):
                    return Placement(candidate, index, in_band=True)
        return None


def _band_lefts(page_width: float, width: float, corner: Corner, margin: float) -> list[float]:
    """Left edges along the band, from the corner's side to the middle of the page."""
    room = page_width / 2 - margin - width
    if room < 0:
        return []
    steps = int(room // BAND_STEP)
    offsets = [step * BAND_STEP for step in range(steps + 1)]
    if corner is Corner.TOP_LEFT:
        return [margin + offset for offset in offsets]
    return [page_width - margin - width - offset for offset in offsets]


def _highest_free_top(
    left: float,
    right: float,
    start: float,
    height: float,
    floor: float,
    occupied: Sequence[Box],
    gap: float,
) -> float | None:
    """The highest top at or below `start` of a box spanning `left`..`right` and `height`
    tall that keeps `gap` from every occupied box, its bottom not below `floor`."""
    spans = sorted(
        ((box.bottom - gap, box.top + gap) for box in occupied if _across(box, left, right, gap)),
        key=lambda span: span[1],
        reverse=True,
    )
    top = start
    for bottom, span_top in spans:
        if span_top <= top - height:
            break  # this span and every one after it lie wholly below the box
        if bottom < top:
            top = bottom
            if top - height < floor:
                return None
    return top if top - height >= floor else None


def _across(box: Box, left: float, right: float, gap: float) -> bool:
    return box.left < right + gap and left < box.right + gap
