"""Who is asking, and may they: session cookies for pages, bearer tokens for the API.

Every route names the roles it serves through `require`/`require_api`; the check is made on
the server for every request. Forms are guarded by the session's CSRF token (`csrf_checked`).
"""

from __future__ import annotations

import hmac
from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import Depends, HTTPException, Request

from accounts.api_tokens import token_user
from accounts.logins import session_user
from accounts.users import WebUser
from service.web.context import web_context
from store.states import Role

SESSION_COOKIE = "sohoa_session"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
_UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}


class LoginRequiredError(Exception):
    """A page asked for without a live session: the handler sends the browser to log in."""

    def __init__(self, path: str) -> None:
        super().__init__(path)
        self.path = path


def optional_user(request: Request) -> WebUser | None:
    token = request.cookies.get(SESSION_COOKIE)
    if not token:
        return None
    context = web_context(request)
    return session_user(context.back.store, context.web, token)


def page_user(request: Request) -> WebUser:
    user = optional_user(request)
    if user is None:
        raise LoginRequiredError(request.url.path)
    return user


def require(*roles: Role) -> Callable[..., Awaitable[WebUser]]:
    """A page dependency: a logged-in user holding one of `roles`, with a valid CSRF token on
    every form post."""

    async def dependency(request: Request, user: Annotated[WebUser, Depends(page_user)]) -> WebUser:
        if not user.roles & set(roles):
            raise HTTPException(403, "Bạn không có quyền dùng chức năng này.")
        if request.method in _UNSAFE:
            await check_csrf(request, user.csrf_token)
        return user

    dependency.roles = frozenset(roles)  # type: ignore[attr-defined]  # read by the tests
    return dependency


async def check_csrf(request: Request, expected: str) -> None:
    sent = request.headers.get(CSRF_HEADER)
    if sent is None:
        form = await request.form()
        field = form.get(CSRF_FIELD)
        sent = field if isinstance(field, str) else None
    if not sent or not expected or not hmac.compare_digest(sent, expected):
        raise HTTPException(
            403, "Phiên làm việc không hợp lệ (thiếu mã chống giả mạo). Hãy tải lại trang."
        )


def api_user(request: Request) -> WebUser:
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    user = None
    if scheme.lower() == "bearer" and token:
        user = token_user(web_context(request).back.store, token.strip())
    if user is None:
        raise HTTPException(
            401, "Cần mã truy cập API hợp lệ.", headers={"WWW-Authenticate": "Bearer"}
        )
    return user


def require_api(*roles: Role) -> Callable[..., WebUser]:
    def dependency(user: Annotated[WebUser, Depends(api_user)]) -> WebUser:
        if not user.roles & set(roles):
            raise HTTPException(403, "Mã truy cập này không có quyền dùng chức năng này.")
        return user

    dependency.roles = frozenset(roles)  # type: ignore[attr-defined]  # read by the tests
    return dependency


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"
