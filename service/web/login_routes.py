"""Logging in and out. The login form is guarded by a double-submit token: a cookie and a
hidden field that must match, since there is no session yet to hold one."""

from __future__ import annotations

import hmac
import secrets
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from accounts.logins import LoggedIn, LoginThrottled, log_in, log_out
from accounts.users import WebUser
from service.web.auth import SESSION_COOKIE, client_address, optional_user, page_user, require
from service.web.context import web_context
from service.web.pages import home_path, render
from store.states import Role

router = APIRouter(include_in_schema=False)
LOGIN_CSRF_COOKIE = "sohoa_login"


@router.get("/")
def home(user: Annotated[WebUser, Depends(page_user)]) -> Response:
    return RedirectResponse(home_path(user), 303)


@router.get("/login")
def login_form(request: Request, next: str = "/") -> Response:
    user = optional_user(request)
    if user is not None:
        return RedirectResponse(home_path(user), 303)
    return _form(request, next, None, 200)


@router.post("/login")
def login(
    request: Request,
    name: Annotated[str, Form(max_length=200)],
    password: Annotated[str, Form(max_length=1000)],
    csrf_token: Annotated[str, Form(max_length=200)] = "",
    next: Annotated[str, Form(max_length=2000)] = "/",
) -> Response:
    cookie = request.cookies.get(LOGIN_CSRF_COOKIE, "")
    if not cookie or not hmac.compare_digest(cookie, csrf_token):
        return _form(request, next, "Biểu mẫu đã cũ. Hãy đăng nhập lại.", 403)
    context = web_context(request)
    outcome = log_in(context.back.store, context.web, name, password, client_address(request))
    if isinstance(outcome, LoginThrottled):
        message = (
            f"Đã nhập sai mật khẩu nhiều lần liên tiếp. Hãy thử lại sau {outcome.retry_after} giây."
        )
        response = _form(request, next, message, 429)
        response.headers["Retry-After"] = str(outcome.retry_after)
        return response
    if not isinstance(outcome, LoggedIn):
        return _form(request, next, "Sai tên đăng nhập hoặc mật khẩu.", 401)
    target = next if _is_local(next) and next != "/" else home_path(outcome.user)
    response = RedirectResponse(target, 303)
    response.set_cookie(
        SESSION_COOKIE,
        outcome.token,
        httponly=True,
        samesite="lax",
        secure=context.web.secure_cookies,
        path="/",
    )
    response.delete_cookie(LOGIN_CSRF_COOKIE, path="/login")
    return response


@router.post("/logout")
def logout(
    request: Request,
    _: Annotated[WebUser, Depends(require(*Role))],
) -> Response:
    log_out(web_context(request).back.store, request.cookies.get(SESSION_COOKIE, ""))
    response = RedirectResponse("/login", 303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


def _form(request: Request, next: str, error: str | None, status: int) -> Response:
    token = secrets.token_urlsafe(32)
    response = render(
        request,
        "login.html",
        None,
        status,
        login_token=token,
        next=next if _is_local(next) else "/",
        error=error,
    )
    response.set_cookie(
        LOGIN_CSRF_COOKIE,
        token,
        httponly=True,
        samesite="strict",
        secure=web_context(request).web.secure_cookies,
        path="/login",
    )
    return response


def _is_local(target: str) -> bool:
    """Only a path on this site: never `//host` or `https://…` (an open redirect)."""
    return target.startswith("/") and not target.startswith("//") and "\\" not in target
