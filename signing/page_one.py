"""Page 1's words and ink, read once when an output is written and kept with its document,
so that signing does not read them again.

Choosing a stamp's place needs what occupies the top of page 1 (`page_content`): about
20–30 ms of CPU a document, as much as the rest of a stamped signature. The output is
written by Sohoa and only ever gains signatures afterwards, which add annotations, not
page content; the earlier stamps are read from the file at signing, as before. What is
kept is the page's view with the boxes down to half its height, as JSON text; it is used
only while the page's view is the same and reaches as deep as the stamp may go.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pikepdf

from signing.page_content import occupied_boxes
from signing.page_geometry import Box, PageView, view_of

FIRST_PAGE = 0
_VERSION = 1
_MAX_TREE_DEPTH = 32
_PLACES = 2  # points, to two decimals: far finer than the clearance kept around them


def read_page_one(output: Path) -> str | None:
    """Page 1's view and what occupies its top half, as JSON; None when the page cannot be
    read (signing then reads it itself and says what is wrong)."""
    try:
        with pikepdf.open(output) as pdf:
            view = _view(pdf.pages[FIRST_PAGE])
        depth = view.height / 2
        boxes = occupied_boxes(output, FIRST_PAGE, view, depth)
    except Exception:  # never a reason to fail an intake: signing reads the page itself
        return None
    return json.dumps(
        {
            "version": _VERSION,
            "view": [*_rounded(view.visible), view.rotation],
            "depth": round(depth, _PLACES),
            "boxes": [_rounded(box) for box in boxes],
        },
        separators=(",", ":"),
    )


def known_boxes(kept: str | None, view: PageView, depth: float) -> tuple[Box, ...] | None:
    """The kept boxes reaching within `depth` of the top of `view`, or None when nothing
    usable was kept: none, another version, another view, or not deep enough."""
    if not kept:
        return None
    try:
        known = json.loads(kept)
        if known.get("version") != _VERSION or float(known["depth"]) < depth:
            return None
        *visible, rotation = known["view"]
        if visible != _rounded(view.visible) or rotation != view.rotation:
            return None
        boxes = tuple(Box(*(float(value) for value in box)) for box in known["boxes"])
    except (ValueError, TypeError, KeyError, AttributeError):
        return None
    lowest = view.height - depth
    return tuple(box for box in boxes if box.top > lowest)


def _view(page: pikepdf.Page) -> PageView:
    media = _box(page.mediabox)  # pikepdf follows the page tree for inherited boxes
    if media is None:
        raise ValueError("no media box")
    return view_of(media, _box(page.cropbox), _rotate(page.obj))


def _rotate(node: pikepdf.Object | None) -> float:
    for _level in range(_MAX_TREE_DEPTH):  # inherited; a damaged tree may loop
        if not isinstance(node, pikepdf.Dictionary):
            return 0.0
        if "/Rotate" in node:
            rotate = node.Rotate
            return float(rotate) if isinstance(rotate, int | float | Decimal) else 0.0
        node = node.get("/Parent")
    return 0.0


def _box(value: object) -> Box | None:
    try:
        x1, y1, x2, y2 = (float(number) for number in value)  # type: ignore[attr-defined]
    except (TypeError, ValueError):
        return None
    return Box.spanning(x1, y1, x2, y2)


def _rounded(box: Box) -> list[float]:
    return [round(value, _PLACES) for value in (box.left, box.bottom, box.right, box.top)]
