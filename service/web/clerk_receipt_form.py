"""The receipt form: issue a receipt, or a replacement for one, and show it ready to print.

The form has no script: "Xem phí" posts it back to itself to list the fees of a procedure,
keeping what was typed; "Lập biên lai" issues. What the use case refuses is shown above the
form, every problem at once, in the words of the web's message catalogue.
"""

from __future__ import annotations

import dataclasses
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from accounts.users import WebUser
from config import SohoaError
from receipt_counter.changes import check_issued, replace_receipt
from receipt_counter.choices import series_choices
from receipt_counter.errors import ReceiptError
from receipt_counter.flow import IssueRequest, issue_receipt
from receipts.receipt_text import METHOD_NAMES
from runtime.context import JobContext
from service.messages import say, translated
from service.web.clerk_access import back_of, clerk_receipt_view
from service.web.clerk_receipt_input import (
    ReceiptForm,
    choices,
    form_of_receipt,
    issue_request,
    read_form,
)
from service.web.ids import MAX_ID
from service.web.pages import render
from service.web.problems import status_of
from service.web.roles import Clerk

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
    series: Annotated[int | None, Form(ge=1, le=MAX_ID)] = None,
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
    back = back_of(request)
    try:
        issued = issue_receipt(back, _request(back, user, form), user.actor)
    except SohoaError as error:
        return _form_page(request, user, form, error=_refusal(error), status=status_of(error))
    return RedirectResponse(f"/clerk/receipts/{issued.id}?ok=issued", 303)


@router.get("/clerk/receipts/{receipt_id:id}/replace", response_class=HTMLResponse)
def replace_form(request: Request, receipt_id: int, user: Clerk) -> HTMLResponse:
    back = back_of(request)
    old = clerk_receipt_view(request, user, receipt_id).row
    replacing = (receipt_id, old.reference)
    check_issued(old.state, old.reference)
    form = form_of_receipt(back.store, receipt_id)
    return _form_page(request, user, form, replacing=replacing)


@router.post("/clerk/receipts/{receipt_id:id}/replace", response_class=HTMLResponse)
def replace(
    request: Request,
    receipt_id: int,
    user: Clerk,
    typed: Typed,
    reason: Annotated[str, Form(max_length=2000)] = "",
    action: Action = "issue",
) -> Response:
    back = back_of(request)
    old = clerk_receipt_view(request, user, receipt_id).row
    replacing = (receipt_id, old.reference)
    check_issued(old.state, old.reference)
    form = dataclasses.replace(typed, reason=reason)
    if action == "fees":
        return _form_page(request, user, form, replacing=replacing)
    try:
        wanted = _request(back, user, form)
        issued = replace_receipt(back, old.series_symbol, old.number, wanted, reason, user.actor)
    except SohoaError as error:
        return _form_page(request, user, form, error=_refusal(error), status=status_of(error),
                          replacing=replacing)  # fmt: skip
    return RedirectResponse(f"/clerk/receipts/{issued.id}?ok=replaced", 303)


def _request(back: JobContext, user: WebUser, form: ReceiptForm) -> IssueRequest:
    return issue_request(form, series_choices(back.store, user.unit_ids))


def _refusal(error: SohoaError) -> str:
    """Why no receipt was issued, in Vietnamese where the catalogue knows the error."""
    said = translated(error)
    if said is not None:
        return said
    if isinstance(error, ReceiptError):
        return f"Không lập được biên lai: {say(error)}"
    return (
        f"Không lập được biên lai ({say(error)}). Nếu số biên lai đã được cấp, biên lai đó "
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
    offered = choices(back_of(request).store, user, form)
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
