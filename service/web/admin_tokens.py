"""Admin: API tokens for the one-stop system. A token is shown once, when it is made."""

from __future__ import annotations

from functools import partial
from typing import Annotated, Unpack

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import RedirectResponse, Response

from accounts.api_tokens import create_api_token, revoke_api_token
from accounts.users import UserError, WebUser
from queries.accounts import token_rows, user_row
from service.web.admin_pages import Shown, list_page
from service.web.context import web_context
from service.web.pages import render
from service.web.paging import Page, Paged
from service.web.roles import Admin

router = APIRouter()

NOTICES = {"revoked": "Đã thu hồi mã truy cập: hệ thống dùng mã này không gọi API được nữa."}


@router.get("/admin/tokens")
def tokens(request: Request, user: Admin, page: Paged, owner: str = "", ok: str = "") -> Response:
    return _tokens_page(request, user, page, owner, notice=NOTICES.get(ok))


@router.post("/admin/tokens")
def create(
    request: Request,
    user: Admin,
    page: Paged,
    owner: Annotated[str, Form(max_length=200)],
    label: Annotated[str, Form(max_length=200)],
) -> Response:
    store = web_context(request).back.store
    person = user_row(store, owner.strip())
    if person is None:
        return _tokens_page(
            request, user, page, "", 400, error=f"Không có người dùng “{owner.strip()}”."
        )
    if not label.strip():
        return _tokens_page(
            request, user, page, "", 400, error="Hãy ghi nhãn: hệ thống nào dùng mã này."
        )
    token = create_api_token(store, person.name, " ".join(label.split()), user.actor)
    return render(
        request, "admin/token_created.html", user, 200, token=token, person=person, label=label
    )


@router.post("/admin/tokens/{token_id:id}/revoke")
def revoke(request: Request, user: Admin, token_id: int) -> Response:
    try:
        revoke_api_token(web_context(request).back.store, token_id, user.actor)
    except UserError:
        raise HTTPException(404, "Không có mã truy cập này.") from None
    return RedirectResponse("/admin/tokens?ok=revoked", 303)


def _tokens_page(
    request: Request,
    user: WebUser,
    page: Page,
    owner: str,
    status: int = 200,
    **shown: Unpack[Shown],
) -> Response:
    rows = partial(token_rows, user=owner.strip() or None)
    extra = {"owner": owner.strip()}
    return list_page(request, user, "admin/tokens.html", page, rows, status, extra, **shown)
