"""Admin: receipt series (form and series symbols, who collects, which profile signs)."""

from __future__ import annotations

from typing import Annotated, Unpack

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from accounts.users import WebUser
from queries.receipt_series import series_rows
from receipt_counter.errors import ReceiptError
from receipt_counter.series import SeriesSpec, add_series
from receipts.model import DEFAULT_RECEIPT_KIND, KNOWN_RECEIPT_KINDS
from service.messages import say
from service.web.admin_forms import FormError, unit_code
from service.web.admin_pages import Shown, list_page
from service.web.context import web_context
from service.web.paging import Page, Paged
from service.web.roles import Admin

router = APIRouter()
Field = Annotated[str, Form(max_length=500)]

NOTICES = {"added": "Đã thêm ký hiệu biên lai."}


@router.get("/admin/series")
def series(request: Request, user: Admin, page: Paged, ok: str = "") -> Response:
    return _series_page(request, user, page, notice=NOTICES.get(ok))


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
    kind: Field = "",
) -> Response:
    typed = {
        "form_symbol": form_symbol.strip(),
        "series_symbol": series_symbol.strip(),
        "organization": " ".join(organization.split()),
        "tax_code": tax_code.strip(),
        "address": " ".join(address.split()),
        "unit": unit.strip(),
        "profile": profile.strip(),
        "kind": " ".join(kind.split()),
    }
    back = web_context(request).back
    try:
        spec = SeriesSpec(**{**typed, "unit": unit_code(unit)})
        add_series(back, spec, user.actor)
    except FormError as problem:
        return _series_page(request, user, page, 400, error=problem.message, form=typed)
    except ReceiptError as error:
        message = f"Không thêm được ký hiệu biên lai: {say(error)}"
        return _series_page(request, user, page, 400, error=message, form=typed)
    return RedirectResponse("/admin/series?ok=added", 303)


def _series_page(
    request: Request, user: WebUser, page: Page, status: int = 200, **shown: Unpack[Shown]
) -> Response:
    extra = {
        "profiles": sorted(web_context(request).back.settings.signing.profiles),
        "kinds": KNOWN_RECEIPT_KINDS,
        "default_kind": DEFAULT_RECEIPT_KIND,
    }
    return list_page(request, user, "admin/series.html", page, series_rows, status, extra, **shown)
