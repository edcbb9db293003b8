"""The web's one translator: errors become a page for people or a problem+json for the API."""

from __future__ import annotations

from http import HTTPStatus

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from config.errors import ConflictError, ExitCode, NotFoundError, SohoaError
from service.messages import say
from service.web.auth import LoginRequiredError, optional_user

_STATUS = {
    ExitCode.bad_args: 400,
    ExitCode.input_file: 400,
    ExitCode.encrypted_pdf: 400,
    ExitCode.limit_exceeded: 413,
    ExitCode.not_permitted: 403,
    ExitCode.verification_failed: 422,
    ExitCode.file_access: 503,
}
_TITLES = {
    400: "Yêu cầu không hợp lệ",
    401: "Cần đăng nhập",
    403: "Không có quyền",
    404: "Không tìm thấy",
    405: "Phương thức không được hỗ trợ",
    409: "Xung đột trạng thái",
    413: "Vượt quá giới hạn",
    422: "Dữ liệu không hợp lệ",
    429: "Quá nhiều yêu cầu",
    500: "Lỗi hệ thống",
    503: "Hệ thống đang bận, hãy thử lại sau",
}

_DEFAULT_DETAILS = {
    404: "Không có trang hoặc tệp ở địa chỉ này.",
    405: "Địa chỉ này không nhận phương thức đó.",
}


def status_of(error: SohoaError) -> int:
    if isinstance(error, NotFoundError):
        return 404
    if isinstance(error, ConflictError):
        return 409
    return _STATUS.get(error.exit_code, 500 if not error.retryable else 503)


def problem(
    request: Request, status: int, detail: str, headers: dict[str, str] | None = None
) -> Response:
    title = _TITLES.get(status, HTTPStatus(status).phrase)
    if _for_programs(request):
        body = {"type": "about:blank", "title": title, "status": status, "detail": detail}
        return JSONResponse(body, status, headers=headers, media_type="application/problem+json")
    from service.web.pages import render

    user = optional_user(request) if status != 401 else None
    response = render(request, "problem.html", user, status, title=title, detail=detail)
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def install_problem_handlers(app: FastAPI) -> None:
    @app.exception_handler(SohoaError)
    async def sohoa_error(request: Request, error: SohoaError) -> Response:
        # Programs get the message as written; people read it in Vietnamese.
        detail = error.message if _for_programs(request) else say(error)
        return problem(request, status_of(error), detail)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: StarletteHTTPException) -> Response:
        detail = error.detail if isinstance(error.detail, str) else ""
        if detail == HTTPStatus(error.status_code).phrase:  # Starlette's English default
            detail = _DEFAULT_DETAILS.get(error.status_code, "")
        return problem(request, error.status_code, detail, dict(error.headers or {}))

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, error: RequestValidationError) -> Response:
        details = "; ".join(
            f"{'.'.join(str(part) for part in issue['loc'])}: {issue['msg']}"
            for issue in error.errors()
        )
        return problem(request, 422, details)

    @app.exception_handler(LoginRequiredError)
    async def login_required(request: Request, error: LoginRequiredError) -> Response:
        if request.method == "GET":
            return RedirectResponse(f"/login?next={error.path}", 303)
        return problem(request, 401, "Phiên đăng nhập đã hết hạn. Hãy đăng nhập lại.")


def _for_programs(request: Request) -> bool:
    return request.url.path.startswith("/api/")
