"""The fee catalogue's JSON twin: clerks and admins read it; admins add, change and remove a
fee or import a whole CSV file (the request body), which is refused as a whole, every bad row
listed, while one row is wrong."""

from __future__ import annotations

import secrets
import shutil
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request, Response
from fastapi.responses import JSONResponse
from fastapi.security import HTTPBearer

from accounts.users import WebUser
from queries.fees import FeeRow, fee_by_id, fee_rows
from receipt_counter.errors import InvalidFeeCatalogueError
from receipt_counter.fee_catalogue import add_fee, change_fee, import_fees, remove_fee
from receipt_counter.fee_fields import checked_change, checked_fee
from receipt_counter.fee_file import MAX_FILE_BYTES
from service.messages import say, text
from service.web.api_batch_models import conflict_responses
from service.web.api_fee_models import (
    FeeChangeIn,
    FeeImportOut,
    FeeIn,
    FeeList,
    FeeOut,
    FeeRowProblemOut,
)
from service.web.api_models import problem_responses
from service.web.auth import require_api
from service.web.context import web_context
from service.web.paging import Paged
from store.database import Store
from store.states import Role

router = APIRouter(
    prefix="/api", tags=["api"], dependencies=[Depends(HTTPBearer(auto_error=False))]
)
Reader = Annotated[WebUser, Depends(require_api(Role.CLERK, Role.ADMIN))]
Admin = Annotated[WebUser, Depends(require_api(Role.ADMIN))]
NO_FEE = "Danh mục phí không có khoản này."
# The body is the file as it is: the body limit of a raw file applies (service/web/body_limit.py).
CSV_FILE = {
    "requestBody": {
        "required": True,
        "content": {
            media: {"schema": {"type": "string", "format": "binary"}}
            for media in ("application/octet-stream", "text/csv")
        },
    }
}


@router.get("/fees", summary="The fee catalogue", responses=problem_responses(400, 401, 403))
def fees(request: Request, user: Reader, page: Paged) -> FeeList:
    """By procedure code and name, a page at a time (`page`, from 1)."""
    page, rows = page.cut(fee_rows(web_context(request).back.store, page.offset, page.fetch))
    return FeeList(
        items=[FeeOut.of(row) for row in rows],
        next_page=page.number + 1 if page.has_next else None,
    )


@router.post(
    "/fees",
    summary="Add a fee",
    status_code=201,
    responses=conflict_responses(400, 401, 403, 422),
)
def add(request: Request, user: Admin, body: FeeIn) -> FeeOut:
    """A fee of a procedure; 409 when the procedure has a fee of that name already."""
    fee = checked_fee(body.procedure_code, body.name, body.kind, str(body.amount))
    store = web_context(request).back.store
    return FeeOut.of(_found(store, add_fee(store, fee, user.actor)))


@router.put(
    "/fees/{fee_id:id}",
    summary="Change a fee's name, kind or amount",
    responses=conflict_responses(400, 401, 403, 404, 422),
)
def change(request: Request, user: Admin, fee_id: int, body: FeeChangeIn) -> FeeOut:
    """Receipts issued before keep what they said."""
    terms = checked_change(body.name, body.kind, str(body.amount))
    store = web_context(request).back.store
    change_fee(store, fee_id, terms, user.actor)
    return FeeOut.of(_found(store, fee_id))


@router.delete(
    "/fees/{fee_id:id}",
    summary="Remove a fee",
    status_code=204,
    responses=problem_responses(401, 403, 404),
)
def remove(request: Request, user: Admin, fee_id: int) -> Response:
    """Receipts issued before keep their lines."""
    remove_fee(web_context(request).back.store, fee_id, user.actor)
    return Response(status_code=204)


@router.post(
    "/fees/import",
    summary="Import a fee catalogue file",
    responses={
        **problem_responses(401, 403),
        400: {"description": "Bad rows (each in `problems`), or a file that is not CSV."},
        413: {"description": f"Larger than {MAX_FILE_BYTES // (1024 * 1024)} MB."},
    },
    openapi_extra=CSV_FILE,
)
async def import_file(
    request: Request,
    user: Admin,
    name: Annotated[str, Query(max_length=200, description="The file's name.")] = "phi.csv",
) -> Any:
    """The body is the CSV file (UTF-8; procedure_code,name,kind,amount). A fee of the same
    procedure and name is updated, any other added; with one bad row nothing is imported."""
    back = web_context(request).back
    folder = back.layout.work / "uploads" / secrets.token_hex(8)
    try:
        saved = await _save(request, folder / _safe(name))
        imported = import_fees(back.store, saved, user.actor)
    except InvalidFeeCatalogueError as error:
        return _bad_rows(error)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return FeeImportOut(
        added=imported.added, changed=imported.changed, unchanged=imported.unchanged
    )


async def _save(request: Request, target: Path) -> Path:
    target.parent.mkdir(parents=True)
    written = 0
    with target.open("wb") as out:
        async for chunk in request.stream():
            written += len(chunk)
            if written > MAX_FILE_BYTES:
                limit = MAX_FILE_BYTES // (1024 * 1024)
                raise HTTPException(413, f"Tệp danh mục phí quá lớn (tối đa {limit} MB).")
            out.write(chunk)
    return target


def _safe(name: str) -> str:
    kept = "".join(c if c.isascii() and (c.isalnum() or c in "._-") else "-" for c in name)
    return Path(kept).name.strip(".-") or "phi.csv"


def _bad_rows(error: InvalidFeeCatalogueError) -> JSONResponse:
    problems = [
        FeeRowProblemOut(
            row=int(str(problem.params.get("row", 0))),
            column=str(problem.params.get("column", "")),
            value=str(problem.params.get("value", "")),
            message=problem.message,
            message_vi=say(problem),
        ).model_dump()
        for problem in error.problems
    ]
    body = {
        "type": "about:blank",
        "title": "Yêu cầu không hợp lệ",
        "status": 400,
        "detail": text(error) or error.message,
        "problems": problems,
    }
    return JSONResponse(body, 400, media_type="application/problem+json")


def _found(store: Store, fee_id: int) -> FeeRow:
    found = fee_by_id(store, fee_id)
    if found is None:
        raise HTTPException(404, NO_FEE)
    return found
