"""Upload from the browser: the page, one file per request as a raw body (the page's script
sends them, showing each one's progress), the outcome of each document as it is digitized,
and a plain form that works without scripts. Every path goes through `upload_intake`."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, HTTPException, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, JSONResponse

from accounts.users import WebUser
from queries.unit_names import named_units
from service.web.body_limit import RAW_FILE
from service.web.clerk_access import back_of, clerk_document
from service.web.pages import render
from service.web.roles import Clerk
from service.web.upload_intake import (
    KINDS,
    UploadOutcome,
    document_outcome,
    receive_upload,
    register_staged,
    safe_file_name,
    staged,
    upload_target,
    write_file,
)

router = APIRouter(include_in_schema=False)

Unit = Annotated[str, Query(max_length=100)]
Kind = Annotated[str, Query(max_length=20)]
Dossier = Annotated[str, Query(max_length=100)]
Name = Annotated[str, Query(max_length=1000)]


@router.get("/clerk/upload", response_class=HTMLResponse)
def upload_page(request: Request, user: Clerk) -> HTMLResponse:
    return _page(request, user)


@router.post("/clerk/upload/file", openapi_extra=RAW_FILE)
async def upload_file(
    request: Request,
    user: Clerk,
    unit: Unit = "",
    kind: Kind = "",
    dossier: Dossier = "",
    name: Name = "",
) -> JSONResponse:
    """One file as the request's body (application/octet-stream); its outcome as JSON, a
    refusal too (the page's script shows its words)."""
    try:
        target = upload_target(user, unit, kind, dossier)
        outcome = await receive_upload(back_of(request), user, target, name, request.stream())
    except HTTPException as refused:
        shown = safe_file_name(name)
        detail = refused.detail if isinstance(refused.detail, str) else ""
        body = UploadOutcome(shown, "refused", detail, None).as_json()
        return JSONResponse(body, refused.status_code, headers=refused.headers)
    return JSONResponse(outcome.as_json())


@router.get("/clerk/upload/documents/{document_id:id}")
def upload_status(request: Request, document_id: int, user: Clerk) -> JSONResponse:
    """Where an uploaded document stands now (the page asks until it is digitized or set
    aside)."""
    document = clerk_document(request, user, document_id)
    return JSONResponse(document_outcome(back_of(request), document).as_json())


@router.post("/clerk/upload", response_class=HTMLResponse)
def upload_form(
    request: Request,
    user: Clerk,
    files: Annotated[list[UploadFile], File()],
    unit: Annotated[str, Form(max_length=100)] = "",
    kind: Annotated[str, Form(max_length=20)] = "",
    dossier: Annotated[str, Form(max_length=100)] = "",
) -> HTMLResponse:
    """Without scripts: the files of a plain form (spooled to disk by the form parser), each
    registered as the script's uploads are."""
    target = upload_target(user, unit, kind, dossier)
    context = back_of(request)
    outcomes = []
    for upload in files:
        if not upload.filename:
            continue  # the form's empty file field
        with staged(context, safe_file_name(upload.filename)) as path:
            write_file(upload.file, path)
            outcomes.append(register_staged(context, user, target, path))
    return _page(request, user, outcomes, chosen=(unit, kind, target.dossier or ""))


def _page(
    request: Request,
    user: WebUser,
    outcomes: list[UploadOutcome] | None = None,
    chosen: tuple[str, str, str] = ("", "intake", ""),
) -> HTMLResponse:
    context = back_of(request)
    return render(
        request,
        "clerk/upload.html",
        user,
        units=named_units(context.store, user.unit_ids),
        kinds=KINDS,
        chosen_unit=chosen[0],
        chosen_kind=chosen[1],
        chosen_dossier=chosen[2],
        max_file_mb=f"{context.settings.limits.max_file_mb:g}".replace(".", ","),
        max_bytes=int(context.settings.limits.max_file_mb * 1024 * 1024),
        outcomes=outcomes or [],
    )
