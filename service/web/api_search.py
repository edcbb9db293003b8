"""`GET /api/search`: the search page's JSON twin, for a bearer token of a clerk (their units)
or an auditor (every unit)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.security import HTTPBearer
from pydantic import BaseModel, Field

from accounts.users import WebUser
from queries.page_search import SearchFilters
from service.web.api_models import problem_responses
from service.web.auth import require_api
from service.web.paging import MAX_PAGE, Page
from service.web.search_page import KindFilter, SearchText, UnitFilter, run_search
from store.states import Role

router = APIRouter(
    prefix="/api", tags=["api"], dependencies=[Depends(HTTPBearer(auto_error=False))]
)
SearchReader = Annotated[WebUser, Depends(require_api(Role.CLERK, Role.AUDITOR))]


class SnippetPartOut(BaseModel):
    text: str
    matched: bool = Field(description="One of the searched words or phrases.")


class SearchHitOut(BaseModel):
    document_id: int
    original_name: str
    unit_id: int
    unit_code: str
    unit_name: str
    kind: str
    dossier_code: str | None
    page: int = Field(description="The first page holding every term.")
    matching_pages: int
    thumbnail: str = Field(description="Path of the page's image, 160 px wide.")
    snippet: list[SnippetPartOut]


class UnitCountOut(BaseModel):
    unit_id: int
    code: str
    name: str
    count: int


class KindCountOut(BaseModel):
    kind: str
    count: int


class SearchOut(BaseModel):
    query: str
    searched: bool = Field(description="False when the query holds no word to look for.")
    page: int
    has_next: bool
    total: int = Field(description="Matching documents under the unit and kind filters.")
    hits: list[SearchHitOut]
    units: list[UnitCountOut] = Field(description="Matching documents by unit (kind filter).")
    kinds: list[KindCountOut] = Field(description="Matching documents by kind (unit filter).")
    counted_all: bool = Field(
        description="False when more documents match than are counted: the total and the "
        "counts are then of the newest 1000 matching documents."
    )


@router.get("/search", summary="Search the OCR text", responses=problem_responses(401, 403, 422))
def search(
    request: Request,
    user: SearchReader,
    q: SearchText,
    unit: UnitFilter = None,
    kind: KindFilter = None,
    page: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 1,
) -> SearchOut:
    """Documents whose pages hold every word of `q` (diacritics and case aside; "quoted
    words" as a phrase), newest first, 20 a page, each with its first matching page and a
    snippet whose matches are marked; with counts by unit and kind. A clerk searches the
    documents of their units only."""
    filters = SearchFilters(unit, kind.value if kind else None)
    shown, results = run_search(request, user.visible_unit_ids, q, filters, Page(page, 20))
    if results is None:
        return SearchOut(
            query=q, searched=False, page=page, has_next=False, total=0, hits=[], units=[],
            kinds=[],
            counted_all=True,
        )  # fmt: skip
    return SearchOut(
        query=q,
        searched=True,
        page=page,
        has_next=shown.has_next,
        total=results.total,
        hits=[
            SearchHitOut(
                document_id=hit.document_id,
                original_name=hit.original_name,
                unit_id=hit.unit_id,
                unit_code=hit.unit_code,
                unit_name=hit.unit_name,
                kind=hit.kind,
                dossier_code=hit.dossier_code,
                page=hit.page,
                matching_pages=hit.matching_pages,
                thumbnail=f"/documents/{hit.document_id}/pages/{hit.page}.png?width=160",
                snippet=[SnippetPartOut(text=p.text, matched=p.matched) for p in hit.parts],
            )
            for hit in results.hits
        ],
        units=[
            UnitCountOut(unit_id=u.unit_id, code=u.code, name=u.name, count=u.count)
            for u in results.units
        ],
        kinds=[KindCountOut(kind=k.kind, count=k.count) for k in results.kinds],
        counted_all=results.counted_all,
    )
