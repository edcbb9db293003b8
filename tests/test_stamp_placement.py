"""Where a stamp goes: properties of the pure placement over random pages and contents."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from signing.page_geometry import Box, Corner, PageView
from signing.stamp_placement import Placement, PlacementLimits, place_stamp

A4 = (595.0, 842.0)
LIMITS = PlacementLimits(margin=28, gap=2, max_drop=170, band_edge=8.5)
AGENCY_STAMP = [(160.0, 47.0), (120.0, 59.0), (100.0, 71.0)]  # as wide, then wrapped narrower


@dataclass(frozen=True)
class Case:
    page: tuple[float, float]
    shapes: list[tuple[float, float]]
    corner: Corner
    occupied: list[Box]
    limits: PlacementLimits


@st.composite
def cases(draw: st.DrawFn) -> Case:
    width = draw(st.floats(200, 900))
    height = draw(st.floats(200, 1200))
    count = draw(st.integers(1, 3))
    widths = sorted(draw(st.lists(st.floats(30, 220), min_size=count, max_size=count)))[::-1]
    heights = sorted(draw(st.lists(st.floats(15, 90), min_size=count, max_size=count)))
    occupied = []
    for _ in range(draw(st.integers(0, 40))):
        left = draw(st.floats(0, width - 1))
        bottom = draw(st.floats(0, height - 1) | st.floats(height * 0.6, height - 1))  # top-heavy
        right = draw(st.floats(left + 0.5, min(width, left + 300)))
        top = draw(st.floats(bottom + 0.5, min(height, bottom + 60)))
        occupied.append(Box(left, bottom, right, top))
    margin = draw(st.floats(0, 40))
    limits = PlacementLimits(
        margin=margin,
        gap=draw(st.floats(0, 8)),
        max_drop=draw(st.floats(0, 300)),
        band_edge=draw(st.floats(0, margin)),
    )
    corner = draw(st.sampled_from(list(Corner)))
    return Case((width, height), list(zip(widths, heights, strict=True)), corner, occupied, limits)


def placed(case: Case) -> Placement | None:
    return place_stamp(case.page, case.shapes, case.corner, case.occupied, case.limits)


def is_free(box: Box, case: Case) -> bool:
    return not any(box.overlaps(other, case.limits.gap) for other in case.occupied)


def corner_places(case: Case) -> list[tuple[int, Box]]:
    """Every place a shape may take in the corner that could be the highest free one: at
    the start, or just below something occupied (a brute force over the candidates)."""
    width_page, height_page = case.page
    margin, gap = case.limits.margin, case.limits.gap
    start = height_page - margin
    found = []
    for index, (width, height) in enumerate(case.shapes):
        if width > width_page - 2 * margin:
            continue
        left = margin if case.corner is Corner.TOP_LEFT else width_page - margin - width
        floor = max(start - case.limits.max_drop - height, margin)
        tops = [start, *(box.bottom - gap for box in case.occupied if box.bottom - gap < start)]
        for top in tops:
            box = Box(left, top - height, left + width, top)
            if top - height >= floor and is_free(box, case):
                found.append((index, box))
    return found


@settings(max_examples=200, deadline=None)
@given(cases())
def test_a_placed_stamp_covers_nothing_and_has_one_of_its_shapes(case: Case) -> None:
    placement = placed(case)
    if placement is None:
        return
    box = placement.box
    assert is_free(box, case)
    assert (box.width, box.height) == pytest.approx(case.shapes[placement.shape])
    rounding = 1e-9  # the left edge and width are added up in floating point
    assert box.left >= -rounding and box.right <= case.page[0] + rounding
    assert box.bottom >= -rounding and box.top <= case.page[1] + rounding


@settings(max_examples=200, deadline=None)
@given(cases())
def test_in_its_corner_the_stamp_takes_the_highest_free_place(case: Case) -> None:
    placement = placed(case)
    candidates = corner_places(case)
    if not candidates:
        assert placement is None or placement.in_band
        return
    assert placement is not None and not placement.in_band
    best_top = max(box.top for _, box in candidates)
    assert placement.box.top == pytest.approx(best_top)
    # Among equally high places, the first shape offered wins.
    assert placement.shape == min(i for i, box in candidates if box.top == placement.box.top)
    width_page, height_page = case.page
    side = (
        placement.box.left if case.corner is Corner.TOP_LEFT else width_page - placement.box.right
    )
    assert side == pytest.approx(case.limits.margin)
    assert height_page - placement.box.top <= case.limits.margin + case.limits.max_drop + 1e-6


@settings(max_examples=200, deadline=None)
@given(cases())
def test_in_the_margin_band_the_stamp_stays_at_the_top_on_its_corners_side(case: Case) -> None:
    placement = placed(case)
    if placement is None or not placement.in_band:
        return
    width_page, height_page = case.page
    assert placement.box.top == pytest.approx(height_page - case.limits.band_edge)
    if case.corner is Corner.TOP_LEFT:
        assert placement.box.right <= width_page / 2 + 1e-6
    else:
        assert placement.box.left >= width_page / 2 - 1e-6


@settings(max_examples=200, deadline=None)
@given(cases())
def test_nothing_on_the_page_puts_the_first_shape_in_the_very_corner(case: Case) -> None:
    empty = Case(case.page, case.shapes, case.corner, [], case.limits)
    width, height = case.shapes[0]
    if (
        width > case.page[0] - 2 * case.limits.margin
        or height > case.page[1] - 2 * case.limits.margin
    ):
        return
    placement = placed(empty)
    assert placement is not None
    top = case.page[1] - case.limits.margin
    left = (
        case.limits.margin
        if case.corner is Corner.TOP_LEFT
        else case.page[0] - case.limits.margin - width
    )
    assert placement == Placement(Box(left, top - height, left + width, top), 0, in_band=False)


def heading_page() -> list[Box]:
    """An A4 result page: the two-line national heading at the top-right, the agency's name
    at the top-left, the title, then the body (as pdftotext measures such a page)."""
    heading = [Box(283, 758, 538, 772), Box(336, 739, 485, 751)]
    agency = [Box(85, 758, 193, 772), Box(86, 739, 183, 751)]
    body = [Box(85, 615 - 20 * line, 540, 628 - 20 * line) for line in range(25)]
    return [*heading, *agency, *body]


def test_a_stamp_moves_down_below_the_national_heading() -> None:
    occupied = heading_page()
    placement = place_stamp(A4, AGENCY_STAMP, Corner.TOP_RIGHT, occupied, LIMITS)

    assert placement is not None and not placement.in_band
    assert placement.shape == 0
    assert placement.box.top == pytest.approx(739 - LIMITS.gap)
    assert placement.box.right == pytest.approx(A4[0] - LIMITS.margin)


def test_a_stamp_narrows_where_a_narrower_shape_stays_higher() -> None:
    # Something 150 points from the right edge at the top: only the narrower shapes pass it.
    occupied = [Box(0, 790, A4[0] - 150, 842)]
    placement = place_stamp(A4, AGENCY_STAMP, Corner.TOP_RIGHT, occupied, LIMITS)

    assert placement is not None
    assert placement.shape == 1
    assert placement.box.top == pytest.approx(A4[1] - LIMITS.margin)


def test_a_full_corner_sends_the_stamp_to_the_margin_band_and_a_full_band_to_none() -> None:
    # Text from 24 mm below the top edge down: the corner is full as far as the stamp may
    # drop, but the margin above the text holds it.
    text_top = A4[1] - 67
    full = [Box(60, 40, 560, text_top)]
    placement = place_stamp(A4, AGENCY_STAMP, Corner.TOP_RIGHT, full, LIMITS)

    assert placement is not None and placement.in_band
    assert placement.shape == 0
    assert placement.box.top == pytest.approx(A4[1] - LIMITS.band_edge)
    assert placement.box.bottom >= text_top + LIMITS.gap

    crowded = [*full, Box(300, text_top, 560, A4[1] - 20)]
    placement = place_stamp(A4, AGENCY_STAMP, Corner.TOP_RIGHT, crowded, LIMITS)
    assert placement is None


@pytest.mark.parametrize("rotation", [0, 90, 180, 270])
def test_the_view_matrix_maps_as_the_view_does(rotation: int) -> None:
    view = PageView(visible=Box(10, 20, 605, 862), rotation=rotation)
    a, b, c, d, e, f = view.user_to_view()
    box = Box(50, 700, 170, 760)
    corners = [(x, y) for x in (box.left, box.right) for y in (box.bottom, box.top)]
    mapped = [(a * x + c * y + e, b * x + d * y + f) for x, y in corners]
    xs, ys = [x for x, _ in mapped], [y for _, y in mapped]

    assert Box(min(xs), min(ys), max(xs), max(ys)) == view.to_view(box)
