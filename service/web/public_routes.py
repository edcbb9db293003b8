"""Routes of the web interface (public): the receipt check anyone reaches from a receipt's QR
code, without logging in. Rate-limited per address; it shows what the paper already says
(number, series, form, date, total) and the payer's initials, and nothing else."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from config.errors import SohoaError
from receipt_counter.check import CheckVerdict, check_receipt
from receipts.qr_payload import parse_payload
from service.web.auth import client_address
from service.web.context import web_context
from service.web.pages import render

router = APIRouter(include_in_schema=False)

MAX_CODE = 1000  # a check-page link with a payload is about 200 characters
TOO_MANY = "Bạn đã kiểm tra quá nhiều lần trong một phút. Xin vui lòng đợi một lát rồi thử lại."
UNREADABLE = (
    "Không đọc được mã này: đây không phải mã QR của biên lai điện tử do đơn vị phát hành. "
    "Hãy quét lại mã QR in trên biên lai, hoặc dán nguyên văn nội dung của mã."
)


@router.get("/kiem-tra")
def check(request: Request, ma: str | None = None) -> Response:
    if ma is None or not ma.strip():
        return _page(request, 200)
    context = web_context(request)
    if not context.public_checks.allow(client_address(request)):
        response = _page(request, 429, error=TOO_MANY)
        response.headers["Retry-After"] = "60"
        return response
    if len(ma) > MAX_CODE:
        return _page(request, 200, error=UNREADABLE)
    try:
        payload = parse_payload(ma)
    except SohoaError:
        return _page(request, 200, error=UNREADABLE)
    result = check_receipt(context.back, payload)
    return _page(request, 200, result=result, verdicts=CheckVerdict)


def _page(request: Request, status: int, **context: object) -> Response:
    response = render(request, "public/check.html", None, status, **context)
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    return response
