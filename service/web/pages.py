"""Rendering a page: the templates, the navigation each role sees, and the user's CSRF token."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from accounts.passwords import MIN_LENGTH
from accounts.users import WebUser
from service.web.formats import FILTERS
from service.web.labels import label
from store.states import Role

TEMPLATES = Path(__file__).with_name("templates")

# Each role's pages, in the order of the navigation bar; the first one is the role's home.
NAVIGATION: dict[Role, tuple[tuple[str, str], ...]] = {
    Role.CLERK: (
        ("/clerk/intake", "Tiếp nhận hôm nay"),
        ("/documents", "Tài liệu"),
        ("/clerk/upload", "Tải lên"),
        ("/clerk/untagged", "Chưa gắn mã"),
        ("/clerk/quarantine", "Cần xem lại"),
        ("/clerk/receipts/new", "Lập biên lai"),
        ("/clerk/receipts", "Biên lai"),
        ("/clerk/fees", "Danh mục phí"),
        ("/clerk/batches", "Lô ký"),
    ),
    Role.OFFICER: (
        ("/officer/batches", "Lô chờ duyệt"),
        ("/officer/signed", "Văn bản đã ký"),
        ("/documents", "Tài liệu"),
    ),
    Role.AUDITOR: (
        ("/auditor/rates", "Tỷ lệ số hóa"),
        ("/auditor/dossiers", "Tra cứu hồ sơ"),
        ("/auditor/receipt-usage", "Sử dụng biên lai"),
        ("/auditor/audit", "Nhật ký"),
        ("/documents", "Tài liệu"),
    ),
    Role.ADMIN: (
        ("/admin/users", "Người dùng"),
        ("/admin/units", "Đơn vị"),
        ("/admin/series", "Mẫu, ký hiệu biên lai"),
        ("/admin/fees", "Danh mục phí, lệ phí"),
        ("/admin/profiles", "Hồ sơ ký số"),
        ("/admin/doctor", "Kiểm tra hệ thống"),
        ("/documents", "Tài liệu"),
    ),
}


# Clerks search within their units, auditors everywhere (the header's search box).
SEARCHING_ROLES = frozenset({Role.CLERK, Role.AUDITOR})


def make_templates() -> Jinja2Templates:
    templates = Jinja2Templates(directory=TEMPLATES)
    templates.env.filters.update(FILTERS)
    templates.env.globals["label"] = label
    templates.env.globals["min_password_length"] = MIN_LENGTH
    return templates


def navigation(user: WebUser | None) -> list[tuple[str, str]]:
    """The user's pages, each once (several roles share the document list)."""
    if user is None:
        return []
    links = [link for role in Role if role in user.roles for link in NAVIGATION[role]]
    return list(dict.fromkeys(links))


def may_search(user: WebUser | None) -> bool:
    return user is not None and bool(user.roles & SEARCHING_ROLES)


def home_path(user: WebUser) -> str:
    links = navigation(user)
    return links[0][0] if links else "/login"


def render(
    request: Request,
    template: str,
    user: WebUser | None,
    status_code: int = 200,
    **context: Any,
) -> HTMLResponse:
    from service.web.context import web_context

    return web_context(request).templates.TemplateResponse(
        request,
        template,
        {
            "user": user,
            "csrf_token": user.csrf_token if user else "",
            "navigation": navigation(user),
            "may_search": may_search(user),
            "current_path": request.url.path,
            **context,
        },
        status_code=status_code,
    )
