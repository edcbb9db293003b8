"""Documents no dossier code was found for: a page-1 preview and a field to tag each by hand."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Form, HTTPException, Query, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response

from accounts.users import WebUser
from dossiers import InvalidDossierCodeError, parse_dossier_code
from intake.manual_tag import TagRefusedError, tag_by_hand
from queries.untagged import untagged_documents
from service.web.clerk_access import back_of, clerk_document, page_number
from service.web.files import data_file
from service.web.pages import render
from service.web.paging import MAX_PAGE, Page, Paged
from service.web.previews import page_image_response
from service.web.roles import Clerk

router = APIRouter()

PREVIEW_WIDTHS = (200, 600, 1200)
CODE_EXAMPLES = "H57.132-260804-0583 hoặc 000.00.19.H12-210915-0001"


def not_a_code(code: str, when_empty: str) -> str:
    """What to tell the clerk about a typed dossier code that cannot be read."""
    if not code.strip():
        return when_empty
    return f"«{code.strip()}» không phải mã hồ sơ hợp lệ (ví dụ {CODE_EXAMPLES})."


@router.get("/clerk/untagged", response_class=HTMLResponse)
def untagged(
    request: Request,
    user: Clerk,
    page: Paged,
    ok: str = "",
    code: Annotated[str, Query(max_length=100)] = "",
) -> HTMLResponse:
    notice = f"Đã gắn tài liệu vào hồ sơ {code}." if ok == "tagged" and _is_code(code) else None
    return _untagged_page(request, user, Page(page.number, page.size), notice=notice)


@router.post("/clerk/documents/{document_id:id}/tag", response_class=HTMLResponse)
def tag(
    request: Request,
    document_id: int,
    user: Clerk,
    code: Annotated[str, Form(max_length=200)] = "",
    page: Annotated[int, Form(ge=1, le=MAX_PAGE)] = 1,
) -> Response:
    back = back_of(request)
    clerk_document(request, user, document_id)
    try:
        parsed = parse_dossier_code(code)
    except InvalidDossierCodeError:
        error = (
            f"«{code.strip()}» không phải mã hồ sơ hợp lệ. Mã hồ sơ gồm mã cơ quan, ngày nhận "
            f"(YYMMDD) và số thứ tự, cách nhau bằng dấu gạch ngang, ví dụ {CODE_EXAMPLES}."
            if code.strip()
            else "Hãy nhập mã hồ sơ trước khi gắn."
        )
        return _refused(request, user, page, document_id, code, error, 400)
    try:
        tag_by_hand(back.store, back.layout, document_id, str(parsed), user.actor)
    except TagRefusedError:
        error = "Tài liệu này chưa số hóa xong hoặc đã được xử lý khác nên không gắn mã được."
        return _refused(request, user, page, document_id, code, error, 409)
    query = urlencode({"ok": "tagged", "code": str(parsed.dossier), "page": str(page)})
    return RedirectResponse(f"/clerk/untagged?{query}", 303)


@router.get("/clerk/documents/{document_id:id}/pages/{number:id}.png")
def page_preview(
    request: Request,
    document_id: int,
    number: int,
    user: Clerk,
    width: int = 600,
) -> FileResponse:
    if width not in PREVIEW_WIDTHS or number < 1:
        raise HTTPException(404, "Không có trang này.")
    layout = back_of(request).layout
    document = clerk_document(request, user, document_id)
    if document.page_count is not None and number > document.page_count:
        raise HTTPException(404, "Không có trang này.")
    source = data_file(layout, document.output_path or document.archive_path)
    return page_image_response(layout, source, number, width, 3600)


def _is_code(text: str) -> bool:
    try:
        parse_dossier_code(text)
    except InvalidDossierCodeError:
        return False
    return True


def _refused(
    request: Request,
    user: WebUser,
    number: int,
    document_id: int,
    typed: str,
    error: str,
    status: int,
) -> HTMLResponse:
    page = page_number(request, number)
    return _untagged_page(
        request, user, page, error=error, typed={document_id: typed}, status=status
    )


def _untagged_page(
    request: Request,
    user: WebUser,
    page: Page,
    *,
    notice: str | None = None,
    error: str | None = None,
    typed: dict[int, str] | None = None,
    status: int = 200,
) -> HTMLResponse:
    store = back_of(request).store
    page, shown = page.cut(untagged_documents(store, user.unit_ids, page.offset, page.fetch))
    error_for = next(iter(typed or {}), None)
    beside_field = error_for in {document.id for document in shown}
    return render(
        request,
        "clerk/untagged.html",
        user,
        status,
        rows=shown,
        page=page,
        typed=typed or {},
        error_for=error_for,
        field_error=error if beside_field else None,
        notice=notice,
        error=None if beside_field else error,
        examples=CODE_EXAMPLES,
    )
