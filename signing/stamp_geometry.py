"""A page's view and its signature widgets, read through pyHanko at signing (see
`page_geometry` for what a view is)."""

from __future__ import annotations

from decimal import Decimal

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.rw_common import PdfHandler

from signing.errors import SignatureFailedError
from signing.page_geometry import Box, PageView, view_of

_MAX_TREE_DEPTH = 64


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
    crop_box = _box(_inherited(page, "/CropBox", "/Parent"))
    return view_of(media_box, crop_box, _number(_inherited(page, "/Rotate", "/Parent")) or 0)


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
