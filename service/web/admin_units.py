"""Admin: the units (offices) and their names. A unit's code is its inbox folder and stays."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import RedirectResponse, Response

from accounts.unit_names import MAX_NAME, UnitError, UnitNotFoundError, rename_unit
from queries.units import unit_rows
from service.web.admin_pages import list_page
from service.web.context import web_context
from service.web.paging import Paged
from service.web.roles import Admin

router = APIRouter()

TEMPLATE = "admin/units.html"
NOTICES = {"renamed": "Đã đổi tên đơn vị.", "same": "Tên đơn vị không thay đổi."}


@router.get("/admin/units")
def units(request: Request, user: Admin, page: Paged, ok: str = "") -> Response:
    return list_page(request, user, TEMPLATE, page, unit_rows, notice=NOTICES.get(ok))


@router.post("/admin/units/{unit_id:id}/name")
def rename(
    request: Request,
    user: Admin,
    page: Paged,
    unit_id: int,
    name: Annotated[str, Form(max_length=2000)],
) -> Response:
    try:
        changed = rename_unit(web_context(request).back.store, unit_id, name, user.actor)
    except UnitNotFoundError:
        raise HTTPException(404, "Không có đơn vị này.") from None
    except UnitError:
        error = f"Tên đơn vị không được để trống và dài tối đa {MAX_NAME} ký tự."
        return list_page(request, user, TEMPLATE, page, unit_rows, 400, error=error)
    back = f"/admin/units?page={page.number}&ok={'renamed' if changed else 'same'}"
    return RedirectResponse(back, 303)
