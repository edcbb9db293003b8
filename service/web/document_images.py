"""Page images of any document the user may see: thumbnails, the viewer at each zoom.

The output is drawn when there is one (what will be signed), else the original as received.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import Response

from queries.documents import DocumentView
from service.web.context import web_context
from service.web.document_access import visible_document
from service.web.files import data_file
from service.web.previews import page_image_response
from service.web.roles import Worker

router = APIRouter(include_in_schema=False)

THUMBNAIL_WIDTH = 160
PAGE_WIDTH = 1000  # fit-width and 100 %
ZOOMED_WIDTH = 2000  # 200 %
# Only these are drawn, so the cache of drawn pages stays small.
WIDTHS = (THUMBNAIL_WIDTH, PAGE_WIDTH, ZOOMED_WIDTH)


@router.get("/documents/{document_id:id}/pages/{number:id}.png")
def page_png(
    request: Request,
    document_id: int,
    number: int,
    user: Worker,
    width: Annotated[int, Query()] = THUMBNAIL_WIDTH,
) -> Response:
    document = visible_document(request, user, document_id)
    if width not in WIDTHS or not 1 <= number <= shown_page_count(document):
        raise HTTPException(404, f"Tài liệu này không có trang {number} ở cỡ {width}.")
    layout = web_context(request).back.layout
    source = data_file(layout, document.output_path or document.archive_path)
    return page_image_response(layout, source, number, width, 300)


def shown_page_count(document: DocumentView) -> int:
    """Pages that can be drawn: the count read at OCR, or the first page of a file not read."""
    return document.page_count or 1
