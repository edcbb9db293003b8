"""The officer's documents: a viewer page by page, page images, the PDF, the signed list.

Files are found through the document's record (`output_path`) and handed out by
`files.data_file`, never by a path the browser names.
"""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, Response

from queries.batches import batch_line, signed_documents
from queries.document_page import batch_position, document_place
from queries.documents import DocumentView, find_document
from service.web.context import web_context
from service.web.document_viewer import PageNumber, Zoom, ZoomChoice, make_viewer
from service.web.files import data_download, data_file
from service.web.ids import MAX_ID
from service.web.pages import render
from service.web.paging import Paged
from service.web.previews import page_image_response
from service.web.roles import Officer

router = APIRouter(include_in_schema=False)

THUMBNAIL_WIDTH = 160
VIEWER_WIDTH = 1000
WIDTHS = (THUMBNAIL_WIDTH, VIEWER_WIDTH)  # only these are drawn, so the cache stays small


@router.get("/officer/signed", response_class=HTMLResponse)
def signed(request: Request, user: Officer, page: Paged) -> Response:
    store = web_context(request).back.store
    page, documents = page.cut(signed_documents(store, page.offset, page.fetch))
    return render(request, "officer/signed.html", user, documents=documents, page=page)


@router.get("/officer/documents/{document_id:id}", response_class=HTMLResponse)
def viewer(
    request: Request,
    document_id: int,
    user: Officer,
    page: PageNumber = 1,
    zoom: ZoomChoice = Zoom.FIT,
    batch: Annotated[int | None, Query(alias="lo", ge=1, le=MAX_ID)] = None,
) -> Response:
    """The shared viewer; opened from a batch, with the batch's previous and next documents
    and the decision beside it."""
    back = web_context(request).back
    document = _document_or_404(request, document_id)
    keep = {"lo": str(batch)} if batch else {}
    shown = make_viewer(back.store, document, f"/officer/documents/{document.id}", page, zoom, keep)
    position = batch_position(back.store, batch, document.id) if batch else None
    line = batch_line(back.store, position.batch_id) if position else None
    profile = back.settings.signing.profiles.get(line.profile) if line else None
    return render(
        request,
        "officer/document.html",
        user,
        document=document,
        file_name=_file_name(document),
        unit_name=document_place(back.store, document).unit_name,
        viewer=shown,
        position=position,
        batch=line,
        may_decide=profile is not None and user.name in profile.approvers,
    )


@router.get("/officer/documents/{document_id:id}/pages/{number:id}.png")
def page_png(
    request: Request,
    document_id: int,
    number: int,
    _: Officer,
    width: int = THUMBNAIL_WIDTH,
) -> Response:
    """One page of the output as a PNG (`width` 160 for thumbnails, 1000 for the viewer)."""
    document = _document_or_404(request, document_id)
    if width not in WIDTHS or not 1 <= number <= (document.page_count or 0):
        raise HTTPException(404, f"Văn bản này không có trang {number} ở cỡ {width}.")
    layout = web_context(request).back.layout
    return page_image_response(layout, data_file(layout, document.output_path), number, width, 60)


@router.get("/officer/documents/{document_id:id}/pdf")
def pdf(request: Request, document_id: int, _: Officer) -> Response:
    document = _document_or_404(request, document_id)
    layout = web_context(request).back.layout
    return data_download(layout, document.output_path, _file_name(document), inline=True)


def _document_or_404(request: Request, document_id: int) -> DocumentView:
    document = find_document(web_context(request).back.store, document_id)
    if document is None or not document.output_path:
        raise HTTPException(404, f"Không có văn bản số {document_id}.")
    return document


def _file_name(document: DocumentView) -> str:
    return document.output_name or PurePosixPath(document.original_name).name
