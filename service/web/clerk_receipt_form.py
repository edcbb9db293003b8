"""The receipt form: issue a receipt, or a replacement for one, and show it ready to print.

The form has no script: "Xem phí" posts it back to itself to list the fees of a procedure,
keeping what was typed; "Lập biên lai" issues.
"""

from __future__ import annotations

import dataclasses
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Form, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from accounts.users import WebUser
from config import SohoaError
from receipt_counter.changes import replace_receipt
from receipt_counter.errors import ReceiptError
from receipt_counter.flow import IssueRequest, issue_receipt
from receipts.receipt_text import METHOD_NAMES
from service.web.clerk_access import clerk_receipt, reference, services_of
from service.web.clerk_receipt_input import (
    FormError,
    ReceiptForm,
    choices,
    form_of_receipt,
    issue_request,
    read_form,
)
from service.web.pages import render
from service.web.problems import status_of
from service.web.roles import Clerk
from store.states import ReceiptState

router = APIRouter()

Text = Annotated[str, Form(max_length=300)]
Action = Annotated[Literal["issue", "fees"], Form()]
FeeIds = Annotated[list[int], Form()]
Lines = Annotated[list[str], Form(max_length=300)]


@router.get("/clerk/receipts/new", response_class=HTMLResponse)
def new_receipt(
    request: Request, user: Clerk, procedure: Annotated[str, Query(max_length=60)] = ""
) -> HTMLResponse:
    return _form_page(request, user, ReceiptForm(procedure=procedure.strip()))


def typed_form(
    series: Annotated[int | None, Form()] = None,
    payer: Text = "",
    dossier_code: Text = "",
    method: Text = "cash",
    procedure: Text = "",
    fee: FeeIds = [],  # noqa: B006 (FastAPI copies defaults)
    item_name: Lines = [],  # noqa: B006
    item_amount: Lines = [],  # noqa: B006
) -> ReceiptForm:
    """A route dependency: the receipt form as posted."""
    return read_form(series, payer, dossier_code, method, procedure, fee, item_name, item_amount)


Typed = Annotated[ReceiptForm, Depends(typed_form)]


@router.post("/clerk/receipts", response_class=HTMLResponse)
def issue(request: Request, user: Clerk, form: Typed, action: Action = "issue") -> Response:
    if action == "fees":
        return _form_page(request, user, form)
    services = services_of(request)
    try:
        wanted = _checked(request, user, form)
        issued = issue_receipt(services, wanted, user.actor)
    except FormError as error:
        return _form_page(request, user, form, error=str(error), status=400)
    except SohoaError as error:
        return _form_page(request, user, form, error=_failed(error), status=status_of(error))
    return RedirectResponse(f"/clerk/receipts/{issued.id}?ok=issued", 303)


@router.get("/clerk/receipts/{receipt_id:int}/replace", response_class=HTMLResponse)
def replace_form(request: Request, receipt_id: int, user: Clerk) -> HTMLResponse:
    with services_of(request).store.reading() as session:
        old, series = clerk_receipt(session, user, receipt_id)
        _check_replaceable(old.state, reference(series, old))
        form = form_of_receipt(session, old)
    return _form_page(request, user, form, replacing=(receipt_id, reference(series, old)))


@router.post("/clerk/receipts/{receipt_id:int}/replace", response_class=HTMLResponse)
def replace(
    request: Request,
    receipt_id: int,
    user: Clerk,
    typed: Typed,
    reason: Annotated[str, Form(max_length=2000)] = "",
    action: Action = "issue",
) -> Response:
    services = services_of(request)
    with services.store.reading() as session:
        old, old_series = clerk_receipt(session, user, receipt_id)
    replacing = (receipt_id, reference(old_series, old))
    _check_replaceable(old.state, replacing[1])
    form = dataclasses.replace(typed, reason=reason)
    if action == "fees":
        return _form_page(request, user, form, replacing=replacing)
    try:
        if not reason.strip():
            raise FormError(f"Hãy nhập lý do thay thế biên lai {replacing[1]}.")
        wanted = _checked(request, user, form)
        issued = replace_receipt(
            services, old_series.series_symbol, old.number, wanted, reason, user.actor
        )
    except FormError as error:
        return _form_page(request, user, form, error=str(error), status=400, replacing=replacing)
    except SohoaError as error:
        return _form_page(request, user, form, error=_failed(error), status=status_of(error),
                          replacing=replacing)  # fmt: skip
    return RedirectResponse(f"/clerk/receipts/{issued.id}?ok=replaced", 303)


def _checked(request: Request, user: WebUser, form: ReceiptForm) -> IssueRequest:
    services = services_of(request)
    known_only = services.settings.receipts.require_known_dossier
    with services.store.reading() as session:
        return issue_request(session, user, form, known_only)


def _check_replaceable(state: str, shown: str) -> None:
    if state != ReceiptState.ISSUED:
        raise HTTPException(
            409,
            f"Biên lai {shown} không còn hiệu lực (đã hủy hoặc đã thay thế): không thay thế được.",
        )


def _failed(error: SohoaError) -> str:
    if isinstance(error, ReceiptError):
        return f"Không lập được biên lai: {error.message}"
    return (
        f"Không lập được biên lai ({error.message}). Nếu số biên lai đã được cấp, biên lai đó "
        "được ghi là lập lỗi; hãy báo quản trị hệ thống rồi lập lại."
    )


def _form_page(
    request: Request,
    user: WebUser,
    form: ReceiptForm,
    *,
    error: str | None = None,
    status: int = 200,
    replacing: tuple[int, str] | None = None,
) -> HTMLResponse:
    with services_of(request).store.reading() as session:
        offered = choices(session, user, form)
    series_id = form.series_id or (offered.series[0].id if offered.series else None)
    return render(
        request,
        "clerk/receipt_form.html",
        user,
        status,
        form=form,
        series_id=series_id,
        choices=offered,
        methods=METHOD_NAMES,
        replacing=replacing,
        error=error,
        # The navigation shows where the clerk is, not where the form was posted.
        current_path="/clerk/receipts" if replacing else "/clerk/receipts/new",
    )
