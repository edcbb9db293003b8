"""The document viewer both the document page and the officer's batch viewer show: one page
at a zoom, thumbnails of the pages around it, the page's OCR text beside it.

Every control is a link carrying the page (`trang`) and the zoom (`zoom`) in its query, so
the viewer works without scripts; `static/viewer.js` adds the arrow keys.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Annotated
from urllib.parse import urlencode

from fastapi import HTTPException, Query

from queries.document_page import page_reading
from queries.documents import DocumentView
from service.web.document_images import PAGE_WIDTH, ZOOMED_WIDTH, shown_page_count
from service.web.paging import MAX_PAGE
from store.database import Store

THUMBNAILS_AROUND = 6  # thumbnails shown on each side of the current page


class Zoom(StrEnum):
    FIT = "fit"  # the 1000-px image scaled to the box
    ACTUAL = "100"  # the 1000-px image at its natural size
    DOUBLE = "200"  # the 2000-px image

    @property
    def width(self) -> int:
        return ZOOMED_WIDTH if self is Zoom.DOUBLE else PAGE_WIDTH

    @property
    def words(self) -> str:
        return {"fit": "Vừa khung", "100": "100 %", "200": "200 %"}[self.value]


PageNumber = Annotated[int, Query(alias="trang", ge=1, le=MAX_PAGE)]
ZoomChoice = Annotated[Zoom, Query()]


@dataclass(frozen=True)
class Viewer:
    document_id: int
    base: str  # the page the viewer sits on, without its query
    page: int
    pages: int
    zoom: Zoom
    text: str
    keep: dict[str, str] = field(default_factory=dict)  # other query values to carry along
    reading: tuple[str, ...] = ()  # what was done to read the page (`ReadStep` values)

    @property
    def image(self) -> str:
        return f"/documents/{self.document_id}/pages/{self.page}.png?width={self.zoom.width}"

    @property
    def zooms(self) -> tuple[Zoom, ...]:
        return tuple(Zoom)

    @property
    def previous(self) -> int | None:
        return self.page - 1 if self.page > 1 else None

    @property
    def next(self) -> int | None:
        return self.page + 1 if self.page < self.pages else None

    @property
    def thumbnails(self) -> range:
        first = max(1, self.page - THUMBNAILS_AROUND)
        return range(first, min(self.pages, self.page + THUMBNAILS_AROUND) + 1)

    def link(self, page: int | None = None, zoom: Zoom | None = None) -> str:
        query = {**self.keep, "trang": str(page or self.page)}
        chosen = zoom or self.zoom
        if chosen is not Zoom.FIT:
            query["zoom"] = chosen.value
        return f"{self.base}?{urlencode(query)}"


def make_viewer(
    store: Store,
    document: DocumentView,
    base: str,
    page: int = 1,
    zoom: Zoom = Zoom.FIT,
    keep: dict[str, str] | None = None,
) -> Viewer:
    pages = shown_page_count(document)
    if page > pages:
        raise HTTPException(404, f"Tài liệu này chỉ có {pages} trang.")
    read = page_reading(store, document.id, page)
    return Viewer(document.id, base, page, pages, zoom, read.text, keep or {}, read.steps)
