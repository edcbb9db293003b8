"""Routes of the web interface (api): the JSON API for the one-stop system, under /api.

Bearer tokens (`Authorization: Bearer sohoa_…`, made by an admin) act as their user: admins
and clerks push register rows, clerks, auditors and admins read; a clerk only their units.
Errors are problem+json. The OpenAPI schema is at /api/openapi.json.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Path, Request
from fastapi.responses import FileResponse
from fastapi.security import HTTPBearer

from accounts.users import WebUser
from dossier_register.api_push import push_register
from dossiers import parse_dossier_code
from receipts.model import format_reference
from service.web.api_models import (
    DossierStatusOut,
    ReceiptOut,
    RegisterPush,
    RegisterPushResult,
    RowProblemOut,
    pdf_responses,
    problem_responses,
)
from service.web.api_views import dossier_status, receipt_pdf, visible_output, visible_receipt
from service.web.auth import require_api
from service.web.context import web_context
from service.web.files import data_download
from store.states import Role

# Documents the bearer scheme in the OpenAPI schema; `require_api` does the checking.
router = APIRouter(
    prefix="/api", tags=["api"], dependencies=[Depends(HTTPBearer(auto_error=False))]
)
Reader = Annotated[WebUser, Depends(require_api(Role.CLERK, Role.AUDITOR, Role.ADMIN))]
Pusher = Annotated[WebUser, Depends(require_api(Role.CLERK, Role.ADMIN))]
Series = Annotated[str, Path(min_length=1, max_length=40, description="Series symbol, BI-26T.")]
Number = Annotated[int, Path(description="Receipt number, 1 to 9999999.")]


@router.post(
    "/dossiers",
    summary="Push dossier register rows",
    responses=problem_responses(400, 401, 403, 422),
)
def push_dossiers(request: Request, user: Pusher, body: RegisterPush) -> RegisterPushResult:
    """Create or update dossiers by code, as a register import does; a bad row is reported
    with its position and reason while the good rows are imported. A clerk may push rows of
    their own units only."""
    units = None if Role.ADMIN in user.roles else frozenset(user.unit_codes)
    rows = [row.model_dump(exclude_none=True) for row in body.dossiers]
    result = push_register(web_context(request).back, rows, user.actor, units)
    return RegisterPushResult(
        created=result.created,
        updated=result.updated,
        unchanged=result.unchanged,
        documents_linked=result.documents_linked,
        problems=[RowProblemOut(row=p.row, reason=p.reason) for p in result.problems],
    )


@router.get(
    "/dossiers/{code}",
    summary="A dossier's digitization status",
    responses=problem_responses(400, 401, 403, 404),
)
def dossier(
    request: Request,
    user: Reader,
    code: Annotated[str, Path(max_length=100, description="Dossier code.")],
) -> DossierStatusOut:
    """The dossier's register entry, whether its intake and result count as digitized (as
    the digitization rates count them), its documents (status, pages, tag, signature,
    whether an output can be fetched) and its receipts."""
    wanted = str(parse_dossier_code(code).dossier)
    back = web_context(request).back
    found = dossier_status(back.store, back.settings.rates, wanted, user)
    if found is None:
        raise HTTPException(404, f"Không có hồ sơ {wanted} (hoặc không thuộc đơn vị của bạn).")
    return found


@router.get(
    "/documents/{document_id:id}/output",
    summary="A document's output PDF",
    response_class=FileResponse,
    responses=pdf_responses(401, 403, 404),
)
def document_output(
    request: Request,
    user: Reader,
    document_id: Annotated[int, Path(description="The document's id.")],
) -> FileResponse:
    """The searchable PDF/A output, signed once its batch is signed (the header
    `X-Sohoa-Signed` says which)."""
    back = web_context(request).back
    document = visible_output(back.store, document_id, user)
    if document is None:
        raise HTTPException(
            404, "Văn bản này chưa có bản số hóa (hoặc không thuộc đơn vị của bạn)."
        )
    response = data_download(back.layout, document.output_path)
    response.headers["X-Sohoa-Signed"] = "true" if document.signed_at else "false"
    return response


# The PDF route comes first: a series symbol may hold "/", so `{series:path}` is greedy.
@router.get(
    "/receipts/{series:path}/{number:id}/pdf",
    summary="A receipt's signed PDF",
    response_class=FileResponse,
    responses=pdf_responses(400, 401, 403, 404),
)
def receipt_file(request: Request, user: Reader, series: Series, number: Number) -> FileResponse:
    back = web_context(request).back
    relative = receipt_pdf(back.store, series, number, user)
    if relative is None:
        raise HTTPException(404, "Biên lai này không có tệp PDF (hoặc không thuộc đơn vị của bạn).")
    name = f"{format_reference(series.replace('/', '-'), number)}.pdf"
    return data_download(back.layout, relative, name)


@router.get(
    "/receipts/{series:path}/{number:id}",
    summary="A receipt",
    responses=problem_responses(400, 401, 403, 404),
)
def receipt(request: Request, user: Reader, series: Series, number: Number) -> ReceiptOut:
    """Every field of the receipt, its state and what replaced it."""
    found = visible_receipt(web_context(request).back.store, series, number, user)
    if found is None:
        raise HTTPException(404, f"Không có biên lai {format_reference(series, number)}.")
    return found
