"""Admin: receipt series (form and series symbols, who collects, which profile signs) and the
fee catalogue."""

from __future__ import annotations

import re
import secrets
import shutil
from pathlib import Path
from typing import Annotated, Unpack

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import RedirectResponse, Response

from accounts.users import WebUser
from queries.receipt_series import series_rows
from receipt_counter.errors import ReceiptError
from receipt_counter.series import SeriesSpec, add_series, import_fees
from service.web.admin_forms import FormError, unit_code
from service.web.admin_pages import Shown, list_page
from service.web.context import web_context
from service.web.paging import Page, Paged
from service.web.roles import Admin

router = APIRouter()
Field = Annotated[str, Form(max_length=500)]

MAX_FEE_FILE = 5 * 1024 * 1024
_SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")
NOTICES = {"added": "Đã thêm ký hiệu biên lai.", "fees": "Đã nhập danh mục phí, lệ phí."}


@router.get("/admin/series")
def series(
    request: Request,
    user: Admin,
    page: Paged,
    ok: str = "",
    rows: int | None = None,
) -> Response:
    notice = NOTICES.get(ok)
    if ok == "fees" and rows is not None:
        notice = f"Đã nhập danh mục phí, lệ phí: {rows} dòng."
    return _series_page(request, user, page, notice=notice)


@router.post("/admin/series")
def add(
    request: Request,
    user: Admin,
    page: Paged,
    form_symbol: Field,
    series_symbol: Field,
    organization: Field,
    tax_code: Field,
    address: Field,
    unit: Field,
    profile: Field,
) -> Response:
    typed = {
        "form_symbol": form_symbol.strip(),
        "series_symbol": series_symbol.strip(),
        "organization": " ".join(organization.split()),
        "tax_code": tax_code.strip(),
        "address": " ".join(address.split()),
        "unit": unit.strip(),
        "profile": profile.strip(),
    }
    back = web_context(request).back
    try:
        spec = SeriesSpec(**{**typed, "unit": unit_code(unit)})
        add_series(back, spec, user.actor)
    except FormError as problem:
        return _series_page(request, user, page, 400, error=problem.message, form=typed)
    except ReceiptError as error:
        message = f"Không thêm được ký hiệu biên lai: {error.message}"
        return _series_page(request, user, page, 400, error=message, form=typed)
    return RedirectResponse("/admin/series?ok=added", 303)


@router.post("/admin/series/fees")
def fees(
    request: Request,
    user: Admin,
    page: Paged,
    catalogue: Annotated[UploadFile, File()],
) -> Response:
    back = web_context(request).back
    name = _SAFE_NAME.sub("-", Path(catalogue.filename or "").name).strip(".-") or "phi.csv"
    folder = back.layout.work / "uploads" / secrets.token_hex(8)
    try:
        saved = _save_upload(catalogue, folder / name)
        count = import_fees(back, saved, user.actor)
    except FormError as problem:
        return _series_page(request, user, page, 400, error=problem.message)
    except ReceiptError as error:
        detail = error.message.replace(str(folder / name), name)
        message = f"Không nhập được danh mục phí: {detail}"
        return _series_page(request, user, page, 400, error=message)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return RedirectResponse(f"/admin/series?ok=fees&rows={count}", 303)


def _save_upload(upload: UploadFile, target: Path) -> Path:
    target.parent.mkdir(parents=True)
    written = 0
    with target.open("wb") as out:
        while chunk := upload.file.read(64 * 1024):
            written += len(chunk)
            if written > MAX_FEE_FILE:
                raise FormError("Tệp danh mục phí quá lớn (tối đa 5 MB).")
            out.write(chunk)
    if written == 0:
        raise FormError("Hãy chọn tệp CSV danh mục phí, lệ phí.")
    return target


def _series_page(
    request: Request, user: WebUser, page: Page, status: int = 200, **shown: Unpack[Shown]
) -> Response:
    extra = {"profiles": sorted(web_context(request).back.settings.signing.profiles)}
    return list_page(request, user, "admin/series.html", page, series_rows, status, extra, **shown)
