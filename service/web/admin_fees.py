"""Admin: the fee catalogue. Add a fee, change its name, kind or amount, remove it, or import
a whole CSV file (every bad row is listed and nothing is imported while one is wrong)."""

from __future__ import annotations

import re
import secrets
import shutil
from pathlib import Path
from typing import Annotated, Unpack

from fastapi import APIRouter, File, Form, HTTPException, Request, UploadFile
from fastapi.responses import RedirectResponse, Response

from accounts.users import WebUser
from queries.fees import FeeRow, fee_by_id, fee_rows
from receipt_counter.errors import FeeError, FeeNotFoundError, InvalidFeeCatalogueError
from receipt_counter.fee_catalogue import add_fee, change_fee, import_fees, remove_fee
from receipt_counter.fee_fields import KINDS, MAX_NAME, checked_change, checked_fee
from receipt_counter.fee_file import MAX_FILE_BYTES, MAX_ROWS
from service.messages import say, text
from service.web.admin_forms import FormError
from service.web.admin_pages import Shown, list_page, shown_context
from service.web.context import web_context
from service.web.pages import render
from service.web.paging import Page, Paged
from service.web.roles import Admin

router = APIRouter()
Field = Annotated[str, Form(max_length=500)]

LIST = "/admin/fees"
NO_FEE = "Danh mục phí không có khoản này (có thể vừa bị xóa)."
MAX_PROBLEMS_SHOWN = 200  # a file of thousands of bad rows: the first ones say what is wrong
_SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")
NOTICES = {
    "added": "Đã thêm khoản phí, lệ phí.",
    "changed": "Đã lưu khoản phí, lệ phí.",
    "same": "Khoản phí không thay đổi.",
    "removed": "Đã xóa khoản phí khỏi danh mục.",
}


@router.get(LIST)
def fees(request: Request, user: Admin, page: Paged, ok: str = "", rows: int = 0) -> Response:
    notice = NOTICES.get(ok)
    if ok == "imported":
        notice = f"Đã nhập danh mục phí, lệ phí: {rows} dòng."
    return _fees_page(request, user, page, notice=notice)


@router.post(LIST)
def add(
    request: Request,
    user: Admin,
    page: Paged,
    procedure_code: Field = "",
    name: Field = "",
    kind: Field = "",
    amount: Field = "",
) -> Response:
    typed = {"procedure_code": procedure_code, "name": name, "kind": kind, "amount": amount}
    try:
        fee = checked_fee(procedure_code, name, kind, amount)
        add_fee(web_context(request).back.store, fee, user.actor)
    except FeeError as error:
        message = f"Không thêm được khoản phí: {say(error)}"
        return _fees_page(request, user, page, 400, error=message, form=typed)
    return RedirectResponse(f"{LIST}?ok=added", 303)


@router.post(f"{LIST}/import")
def import_file(
    request: Request, user: Admin, page: Paged, catalogue: Annotated[UploadFile, File()]
) -> Response:
    back = web_context(request).back
    name = _SAFE_NAME.sub("-", Path(catalogue.filename or "").name).strip(".-") or "phi.csv"
    folder = back.layout.work / "uploads" / secrets.token_hex(8)
    try:
        saved = _save_upload(catalogue, folder / name)
        imported = import_fees(back.store, saved, user.actor)
    except FormError as problem:
        return _fees_page(request, user, page, 400, error=problem.message)
    except InvalidFeeCatalogueError as error:
        problems = [say(problem) for problem in error.problems]
        return _fees_page(request, user, page, 400, error=text(error), problems=problems)
    except FeeError as error:
        return _fees_page(request, user, page, 400, error=f"Không nhập được: {say(error)}")
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return RedirectResponse(f"{LIST}?ok=imported&rows={imported.rows}", 303)


@router.get(f"{LIST}/{{fee_id:id}}")
def fee(request: Request, user: Admin, fee_id: int, ok: str = "") -> Response:
    return _fee_page(request, user, _found(request, fee_id), notice=NOTICES.get(ok))


@router.post(f"{LIST}/{{fee_id:id}}")
def change(
    request: Request,
    user: Admin,
    fee_id: int,
    name: Field = "",
    kind: Field = "",
    amount: Field = "",
) -> Response:
    shown = _found(request, fee_id)
    try:
        terms = checked_change(name, kind, amount)
        changed = change_fee(web_context(request).back.store, fee_id, terms, user.actor)
    except FeeNotFoundError:
        raise HTTPException(404, NO_FEE) from None
    except FeeError as error:
        typed = {"name": name, "kind": kind, "amount": amount}
        message = f"Không lưu được khoản phí: {say(error)}"
        return _fee_page(request, user, shown, 400, error=message, form=typed)
    return RedirectResponse(f"{LIST}/{fee_id}?ok={'changed' if changed else 'same'}", 303)


@router.post(f"{LIST}/{{fee_id:id}}/remove")
def remove(request: Request, user: Admin, fee_id: int) -> Response:
    try:
        remove_fee(web_context(request).back.store, fee_id, user.actor)
    except FeeNotFoundError:
        raise HTTPException(404, NO_FEE) from None
    return RedirectResponse(f"{LIST}?ok=removed", 303)


def _save_upload(upload: UploadFile, target: Path) -> Path:
    """The upload on disk, measured as it arrives: never more than a catalogue may be."""
    target.parent.mkdir(parents=True)
    written = 0
    with target.open("wb") as out:
        while chunk := upload.file.read(64 * 1024):
            written += len(chunk)
            if written > MAX_FILE_BYTES:
                raise FormError(
                    f"Tệp danh mục phí quá lớn (tối đa {MAX_FILE_BYTES // (1024 * 1024)} MB)."
                )
            out.write(chunk)
    if written == 0:
        raise FormError("Hãy chọn tệp CSV danh mục phí, lệ phí.")
    return target


def _fees_page(
    request: Request,
    user: WebUser,
    page: Page,
    status: int = 200,
    problems: list[str] | None = None,
    **shown: Unpack[Shown],
) -> Response:
    problems = problems or []
    extra = {
        "editable": True,
        "kinds": KINDS,
        "max_name": MAX_NAME,
        "max_rows": MAX_ROWS,
        "max_megabytes": MAX_FILE_BYTES // (1024 * 1024),
        "problems": problems[:MAX_PROBLEMS_SHOWN],
        "problems_left": max(0, len(problems) - MAX_PROBLEMS_SHOWN),
    }
    return list_page(request, user, "admin/fees.html", page, fee_rows, status, extra, **shown)


def _fee_page(
    request: Request, user: WebUser, shown: FeeRow, status: int = 200, **context: Unpack[Shown]
) -> Response:
    return render(
        request,
        "admin/fee.html",
        user,
        status,
        fee=shown,
        kinds=KINDS,
        max_name=MAX_NAME,
        **shown_context(context),
    )


def _found(request: Request, fee_id: int) -> FeeRow:
    found = fee_by_id(web_context(request).back.store, fee_id)
    if found is None:
        raise HTTPException(404, NO_FEE)
    return found
