"""Admin: the users of the web interface, their roles, units, standing and passwords."""

from __future__ import annotations

from typing import Annotated, Unpack

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import RedirectResponse, Response

from accounts.users import UserError, UserSpec, WebUser, add_user, change_access, change_password
from queries.accounts import UserRow, token_rows, user_row, user_rows
from service.web.admin_forms import (
    ROLE_CHOICES,
    FormError,
    chosen_roles,
    new_password,
    unit_codes,
    user_name,
)
from service.web.admin_pages import Shown, list_page, shown_context
from service.web.context import web_context
from service.web.pages import render
from service.web.paging import Page, Paged
from service.web.roles import Admin
from store.states import Role

router = APIRouter()
Name = Annotated[str, Form(max_length=200)]
Text = Annotated[str, Form(max_length=2000)]
Password = Annotated[str, Form(max_length=1000)]
Roles = Annotated[list[str] | None, Form()]

NOTICES = {
    "added": "Đã thêm người dùng.",
    "access": "Đã lưu vai trò, đơn vị và trạng thái của người dùng.",
    "password": "Đã đặt mật khẩu mới; các phiên đăng nhập cũ của người này đã kết thúc.",
}


@router.get("/admin/users")
def users(request: Request, user: Admin, page: Paged, ok: str = "") -> Response:
    return _users_page(request, user, page, notice=NOTICES.get(ok))


@router.post("/admin/users")
def add(
    request: Request,
    user: Admin,
    page: Paged,
    name: Name,
    password: Password,
    password_again: Password,
    full_name: Text = "",
    roles: Roles = None,
    units: Text = "",
) -> Response:
    typed = {"name": name, "full_name": full_name, "roles": roles or [], "units": units}
    store = web_context(request).back.store
    try:
        chosen = chosen_roles(roles)
        spec = UserSpec(
            name=user_name(name),
            roles=chosen,
            password=new_password(password, password_again),
            units=unit_codes(units, chosen),
            full_name=" ".join(full_name.split()),
        )
        if user_row(store, spec.name) is not None:
            raise FormError(f"Đã có người dùng tên “{spec.name}”.")
        add_user(store, spec, user.actor)
    except (FormError, UserError) as problem:
        return _users_page(request, user, page, 400, error=_message(problem), form=typed)
    return RedirectResponse(f"/admin/users/{spec.name}?ok=added", 303)


@router.get("/admin/users/{name}")
def person(request: Request, user: Admin, name: str, ok: str = "") -> Response:
    return _person_page(request, user, name, notice=NOTICES.get(ok))


@router.post("/admin/users/{name}/access")
def access(
    request: Request,
    user: Admin,
    name: str,
    roles: Roles = None,
    units: Text = "",
    active: Annotated[str | None, Form(max_length=10)] = None,
) -> Response:
    shown = _found(request, name)
    try:
        chosen = chosen_roles(roles)
        codes = unit_codes(units, chosen)
        if shown.name == user.name and (Role.ADMIN not in chosen or not active):
            raise FormError(
                "Bạn không thể tự bỏ vai trò quản trị hay tự khóa tài khoản của mình: "
                "hãy nhờ một quản trị viên khác."
            )
        change_access(
            web_context(request).back.store, shown.name, chosen, codes, bool(active), user.actor
        )
    except (FormError, UserError) as problem:
        return _person_page(request, user, name, 400, error=_message(problem))
    return RedirectResponse(f"/admin/users/{shown.name}?ok=access", 303)


@router.post("/admin/users/{name}/password")
def set_password(
    request: Request, user: Admin, name: str, password: Password, password_again: Password
) -> Response:
    shown = _found(request, name)
    try:
        change_password(
            web_context(request).back.store,
            shown.name,
            new_password(password, password_again),
            user.actor,
        )
    except (FormError, UserError) as problem:
        return _person_page(request, user, name, 400, error=_message(problem))
    return RedirectResponse(f"/admin/users/{shown.name}?ok=password", 303)


def _users_page(
    request: Request, user: WebUser, page: Page, status: int = 200, **shown: Unpack[Shown]
) -> Response:
    extra = {"role_choices": ROLE_CHOICES}
    return list_page(request, user, "admin/users.html", page, user_rows, status, extra, **shown)


def _person_page(
    request: Request, user: WebUser, name: str, status: int = 200, **shown: Unpack[Shown]
) -> Response:
    person = _found(request, name)
    store = web_context(request).back.store
    return render(
        request,
        "admin/user.html",
        user,
        status,
        person=person,
        tokens=token_rows(store, 0, 20, user=person.name),
        role_choices=ROLE_CHOICES,
        **shown_context(shown),
    )


def _found(request: Request, name: str) -> UserRow:
    found = user_row(web_context(request).back.store, name)
    if found is None:
        raise HTTPException(404, "Không có người dùng này.")
    return found


def _message(problem: FormError | UserError) -> str:
    if isinstance(problem, FormError):
        return problem.message
    return f"Không lưu được: {problem.message}"
