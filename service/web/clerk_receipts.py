"""Receipts of the clerk's series: the list, one receipt with its files, and cancelling."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Form, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from sqlalchemy import select

from accounts.users import WebUser
from receipt_counter.changes import cancel_receipt
from receipt_counter.errors import ReceiptError
from receipt_counter.series import receipt_reference
from receipts.receipt_text import METHOD_NAMES
from service.web.clerk_access import (
    clerk_receipt,
    page_number,
    reference,
    services_of,
    unit_ids,
)
from service.web.files import PDF, data_download, data_file
from service.web.pages import render
from service.web.paging import MAX_PAGE, Page, Paged, read_page
from service.web.previews import page_image_response
from service.web.roles import Clerk
from store.schema import ReceiptLineRecord, ReceiptRecord, ReceiptSeriesRecord
from store.states import ReceiptState

router = APIRouter()

RECEIPT_IMAGE_WIDTH = 900

_FILES = {
    "pdf": ("pdf_path", PDF),
    "docx": (
        "docx_path",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    "xml": ("xml_path", "application/xml"),
}
_NOTICES = {
    "issued": "Đã lập biên lai {reference}.",
    "replaced": "Đã lập biên lai {reference} thay thế biên lai cũ.",
    "cancelled": "Đã hủy biên lai {reference}.",
}


@router.get("/clerk/receipts", response_class=HTMLResponse)
def receipts(request: Request, user: Clerk, page: Paged) -> HTMLResponse:
    return _list_page(request, user, Page(page.number, page.size))


@router.get("/clerk/receipts/{receipt_id:int}", response_class=HTMLResponse)
def receipt(request: Request, receipt_id: int, user: Clerk, ok: str = "") -> HTMLResponse:
    return _receipt_page(request, user, receipt_id, notice_key=ok)


@router.get("/clerk/receipts/{receipt_id:int}/pdf")
def receipt_pdf(request: Request, receipt_id: int, user: Clerk) -> FileResponse:
    return _receipt_file(request, user, receipt_id, "pdf")


@router.get("/clerk/receipts/{receipt_id:int}/docx")
def receipt_docx(request: Request, receipt_id: int, user: Clerk) -> FileResponse:
    return _receipt_file(request, user, receipt_id, "docx")


@router.get("/clerk/receipts/{receipt_id:int}/xml")
def receipt_xml(request: Request, receipt_id: int, user: Clerk) -> FileResponse:
    return _receipt_file(request, user, receipt_id, "xml")


@router.get("/clerk/receipts/{receipt_id:int}/page.png")
def receipt_image(request: Request, receipt_id: int, user: Clerk) -> FileResponse:
    """The printed receipt as a picture, for the receipt's page."""
    layout = services_of(request).layout
    with services_of(request).store.reading() as session:
        found, _ = clerk_receipt(session, user, receipt_id)
        pdf = data_file(layout, found.pdf_path)
    return page_image_response(layout, pdf, 1, RECEIPT_IMAGE_WIDTH, 3600)


@router.post("/clerk/receipts/{receipt_id:int}/cancel", response_class=HTMLResponse)
def cancel(
    request: Request,
    receipt_id: int,
    user: Clerk,
    reason: Annotated[str, Form(max_length=2000)] = "",
    back: Annotated[Literal["list", "receipt"], Form()] = "list",
    page: Annotated[int, Form(ge=1, le=MAX_PAGE)] = 1,
) -> Response:
    services = services_of(request)
    with services.store.reading() as session:
        found, series = clerk_receipt(session, user, receipt_id)
    shown = reference(series, found)
    if not reason.strip():
        error = f"Hãy nhập lý do hủy biên lai {shown}."
        return _refused(request, user, receipt_id, back, page, error, 400)
    try:
        cancel_receipt(services, series.series_symbol, found.number, reason, user.actor)
    except ReceiptError:
        error = f"Biên lai {shown} không còn hiệu lực (đã hủy hoặc đã thay thế) nên không hủy được."
        return _refused(request, user, receipt_id, back, page, error, 409)
    return RedirectResponse(f"/clerk/receipts/{receipt_id}?ok=cancelled", 303)


def _receipt_file(request: Request, user: WebUser, receipt_id: int, kind: str) -> FileResponse:
    column, media_type = _FILES[kind]
    layout = services_of(request).layout
    with services_of(request).store.reading() as session:
        found, series = clerk_receipt(session, user, receipt_id)
        relative = getattr(found, column)
    name = f"{reference(series, found)}.{kind}"
    return data_download(layout, relative, name, media_type, inline=kind == "pdf")


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
    with services_of(request).store.reading() as session:
        found, series = clerk_receipt(session, user, receipt_id)
        lines = session.scalars(
            select(ReceiptLineRecord)
            .where(ReceiptLineRecord.receipt_id == found.id)
            .order_by(ReceiptLineRecord.position)
        ).all()
        replacement = session.scalars(
            select(ReceiptRecord.id).where(ReceiptRecord.replaces_id == found.id)
        ).first()
        replaces = receipt_reference(session, found.replaces_id)
        replaced_by = receipt_reference(session, replacement)
    shown = reference(series, found)
    notice = _NOTICES[notice_key].format(reference=shown) if notice_key in _NOTICES else None
    return render(
        request,
        "clerk/receipt.html",
        user,
        status,
        receipt=found,
        series=series,
        reference=shown,
        lines=lines,
        replaces=replaces,
        replaced_by=replaced_by,
        replacement_id=replacement,
        methods=METHOD_NAMES,
        issued=ReceiptState.ISSUED,
        notice=notice,
        error=error,
    )


def _list_page(
    request: Request, user: WebUser, page: Page, *, error: str | None = None, status: int = 200
) -> HTMLResponse:
    listed = (
        select(ReceiptRecord, ReceiptSeriesRecord)
        .join(ReceiptSeriesRecord, ReceiptSeriesRecord.id == ReceiptRecord.series_id)
        .where(ReceiptSeriesRecord.unit_id.in_(unit_ids(user)))
        .order_by(ReceiptRecord.id.desc())
    )
    with services_of(request).store.reading() as session:
        page, shown = read_page(session, listed, page)
    return render(
        request,
        "clerk/receipts.html",
        user,
        status,
        rows=[(found, reference(series, found)) for found, series in shown],
        page=page,
        issued=ReceiptState.ISSUED,
        error=error,
    )
