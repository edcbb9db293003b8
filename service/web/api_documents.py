"""The document list's JSON twin: `GET /api/documents`, the same filters, sort, page size and
cursors as the page (`/documents`), limited to the units the token's user sees."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.security import HTTPBearer

from accounts.users import WebUser
from service.web.api_document_models import DocumentListItem, DocumentListPage
from service.web.api_models import problem_responses
from service.web.auth import require_api
from service.web.document_list import read_page
from store.states import Role

router = APIRouter(
    prefix="/api", tags=["api"], dependencies=[Depends(HTTPBearer(auto_error=False))]
)
Reader = Annotated[
    WebUser, Depends(require_api(Role.CLERK, Role.OFFICER, Role.AUDITOR, Role.ADMIN))
]
Text = Annotated[str | None, Query(max_length=1000)]


@router.get("/documents", summary="The document list", responses=problem_responses(400, 401, 403))
def documents(
    request: Request,
    user: Reader,
    unit: Annotated[str | None, Query(description="A unit's id.")] = None,
    kind: Annotated[str | None, Query(description="intake or result.")] = None,
    stage: Annotated[str | None, Query(description="A stage, as `stage` in the items.")] = None,
    code: Annotated[
        str | None, Query(description="A dossier code, or the start of the codes wanted.")
    ] = None,
    received_from: Annotated[
        str | None, Query(alias="from", description="First day (YYYY-MM-DD, Vietnam time).")
    ] = None,
    received_to: Annotated[str | None, Query(alias="to", description="Last day, included.")] = None,
    tag: Annotated[
        str | None, Query(description="A tag source, or `none` for untagged documents.")
    ] = None,
    signed: Annotated[str | None, Query(description="yes or no.")] = None,
    batch: Annotated[str | None, Query(description="A batch's id.")] = None,
    sort: Annotated[
        str | None,
        Query(description="received, unit, kind, name, dossier, tag, pages or stage."),
    ] = None,
    order: Annotated[str | None, Query(description="asc or desc (the default).")] = None,
    size: Annotated[str | None, Query(description="25, 50 or 100.")] = None,
    cursor: Text = None,
) -> DocumentListPage:
    """A page of the documents the user sees, read from the same query as the web page; the
    parameters are read from the query string exactly as the page reads them."""
    _, page = read_page(request, user)
    return DocumentListPage(
        items=[
            DocumentListItem(
                id=row.id,
                received_at=row.received_at,
                unit_code=row.unit_code,
                unit_name=row.unit_name,
                kind=row.kind,
                original_name=row.original_name,
                dossier_code=row.dossier_code,
                tag_source=row.tag_source,
                page_count=row.page_count,
                stage=row.stage,
                batch_id=row.batch_id,
                has_output=row.has_thumbnail,
            )
            for row in page.rows
        ],
        next_cursor=page.next_cursor,
        previous_cursor=page.previous_cursor,
    )
