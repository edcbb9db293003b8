"""Receipts of the clerk's series: the list, one receipt with its files, and cancelling."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Form, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response

from accounts.users import WebUser
from queries.receipts import ReceiptView, list_receipts
from receipt_counter.changes import cancel_receipt
from receipt_counter.errors import ReceiptError
from receipts.receipt_text import METHOD_NAMES
from service.web.clerk_access import back_of, clerk_receipt_view, page_number
from service.web.files import PDF, data_download, data_file
from service.web.pages import render
from service.web.paging import MAX_PAGE, Page, Paged
from service.web.previews import page_image_response
from service.web.roles import Clerk
from store.states import ReceiptState

router = APIRouter()

RECEIPT_IMAGE_WIDTH = 900

_MEDIA_TYPES = {
    "pdf": PDF,
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xml": "application/xml",
}
_NOTICES = {
    "issued": "Đã lập biên lai {reference}.",
    "replaced": "Đã lập biên lai {reference} thay thế biên lai cũ.",
    "cancelled": "Đã hủy biên lai {reference}.",
}


@router.get("/clerk/receipts", response_class=HTMLResponse)
def receipts(request: Request, user: Clerk, page: Paged) -> HTMLResponse:
    return _list_page(request, user, Page(page.number, page.size))


@router.get("/clerk/receipts/{receipt_id:id}", response_class=HTMLResponse)
def receipt(request: Request, receipt_id: int, user: Clerk, ok: str = "") -> HTMLResponse:
    return _receipt_page(request, user, receipt_id, notice_key=ok)


@router.get("/clerk/receipts/{receipt_id:id}/pdf")
def receipt_pdf(request: Request, receipt_id: int, user: Clerk) -> FileResponse:
    return _receipt_file(request, user, receipt_id, "pdf")


@router.get("/clerk/receipts/{receipt_id:id}/docx")
def receipt_docx(request: Request, receipt_id: int, user: Clerk) -> FileResponse:
    return _receipt_file(request, user, receipt_id, "docx")


@router.get("/clerk/receipts/{receipt_id:id}/xml")
def receipt_xml(request: Request, receipt_id: int, user: Clerk) -> FileResponse:
    return _receipt_file(request, user, receipt_id, "xml")


@router.get("/clerk/receipts/{receipt_id:id}/page.png")
def receipt_image(request: Request, receipt_id: int, user: Clerk) -> FileResponse:
    """The printed receipt as a picture, for the receipt's page."""
    layout = back_of(request).layout
    pdf = data_file(layout, clerk_receipt_view(request, user, receipt_id).row.pdf_path)
    return page_image_response(layout, pdf, 1, RECEIPT_IMAGE_WIDTH, 3600)


@router.post("/clerk/receipts/{receipt_id:id}/cancel", response_class=HTMLResponse)
def cancel(
    request: Request,
    receipt_id: int,
    user: Clerk,
    reason: Annotated[str, Form(max_length=2000)] = "",
    back: Annotated[Literal["list", "receipt"], Form()] = "list",
    page: Annotated[int, Form(ge=1, le=MAX_PAGE)] = 1,
) -> Response:
    office = back_of(request)
    found = clerk_receipt_view(request, user, receipt_id).row
    shown = found.reference
    if not reason.strip():
        error = f"Hãy nhập lý do hủy biên lai {shown}."
        return _refused(request, user, receipt_id, back, page, error, 400)
    try:
        cancel_receipt(office, found.series_symbol, found.number, reason, user.actor)
    except ReceiptError:
        error = f"Biên lai {shown} không còn hiệu lực (đã hủy hoặc đã thay thế) nên không hủy được."
        return _refused(request, user, receipt_id, back, page, error, 409)
    return RedirectResponse(f"/clerk/receipts/{receipt_id}?ok=cancelled", 303)


def _receipt_file(request: Request, user: WebUser, receipt_id: int, kind: str) -> FileResponse:
    view = clerk_receipt_view(request, user, receipt_id)
    name = f"{view.row.reference}.{kind}"
    return data_download(
        back_of(request).layout,
        _stored_file(view, kind),
        name,
        _MEDIA_TYPES[kind],
        inline=kind == "pdf",
    )


def _stored_file(view: ReceiptView, kind: str) -> str | None:
    return {"pdf": view.row.pdf_path, "docx": view.docx_path, "xml": view.xml_path}[kind]


def _refused(
    request: Request,
    user: WebUser,
    receipt_id: int,
    back: str,
    number: int,
    error: str,
    status: int,
) -> HTMLResponse:
    if back == "receipt":
        return _receipt_page(request, user, receipt_id, error=error, status=status)
    return _list_page(request, user, page_number(request, number), error=error, status=status)


def _receipt_page(
    request: Request,
    user: WebUser,
    receipt_id: int,
    *,
    notice_key: str = "",
    error: str | None = None,
    status: int = 200,
) -> HTMLResponse:
    view = clerk_receipt_view(request, user, receipt_id)
    shown = view.row.reference
    notice = _NOTICES[notice_key].format(reference=shown) if notice_key in _NOTICES else None
    return render(
        request,
        "clerk/receipt.html",
        user,
        status,
        receipt=view.row,
        view=view,
        methods=METHOD_NAMES,
        issued=ReceiptState.ISSUED,
        notice=notice,
        error=error,
    )


def _list_page(
    request: Request, user: WebUser, page: Page, *, error: str | None = None, status: int = 200
) -> HTMLResponse:
    store = back_of(request).store
    listed = list_receipts(store, unit_ids=user.unit_ids, offset=page.offset, limit=page.fetch)
    page, shown = page.cut(listed)
    return render(
        request,
        "clerk/receipts.html",
        user,
        status,
        rows=shown,
        page=page,
        issued=ReceiptState.ISSUED,
        error=error,
    )
