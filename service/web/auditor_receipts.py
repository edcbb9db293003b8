"""Receipt usage per series for a period, on the page and as a file."""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from queries.receipt_usage import receipt_usage
from reports.receipt_usage_files import write_usage
from service.trail_proof_line import trail_proof_line
from service.web.auditor_downloads import recorded_attachment
from service.web.auditor_period import From, QueryError, To, period_or_400, read_period, today
from service.web.context import web_context
from service.web.pages import render
from service.web.roles import Auditor
from store.states import ReceiptState

router = APIRouter()
NOT_VALID = {
    ReceiptState.CANCELLED: "Đã hủy",
    ReceiptState.REPLACED: "Đã thay thế",
    ReceiptState.FAILED: "Lập lỗi",
}


@router.get("/auditor/receipt-usage")
def usage_page(request: Request, user: Auditor, start: From = "", end: To = "") -> Response:
    try:
        period = read_period(start, end, _year_to_date())
    except QueryError as problem:
        return render(
            request,
            "auditor/receipt_usage.html",
            user,
            400,
            error=str(problem),
            start=start,
            end=end,
            usages=None,
        )
    back = web_context(request).back
    usages = receipt_usage(back.store, *period)
    return render(
        request,
        "auditor/receipt_usage.html",
        user,
        start=period[0].isoformat(),
        end=period[1].isoformat(),
        usages=usages,
        trail_proof=trail_proof_line(back),
        not_valid=NOT_VALID,
    )


@router.get("/auditor/receipt-usage/export")
def usage_export(
    request: Request,
    user: Auditor,
    start: From = "",
    end: To = "",
    format: Annotated[Literal["csv", "xlsx"], Query()] = "xlsx",
) -> Response:
    period = period_or_400(start, end, _year_to_date())
    back = web_context(request).back
    usages = receipt_usage(back.store, *period)
    name = f"su-dung-bien-lai-{period[0]}-{period[1]}.{format}"
    with tempfile.TemporaryDirectory(dir=back.layout.work) as folder:
        target = Path(folder) / name
        write_usage(usages, period, target, trail_proof_line(back))
        content = target.read_bytes()
    return recorded_attachment(
        back.store,
        user,
        "receipt_usage",
        content,
        name,
        start=str(period[0]),
        end=str(period[1]),
    )


def _year_to_date() -> tuple[date, date]:
    day = today()
    return day.replace(month=1, day=1), day
