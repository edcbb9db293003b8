"""`GET /search`: the header's search box, over the OCR text of the documents a user sees
(clerks their units', auditors every unit's), with counts by unit and kind to narrow it."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from queries.page_search import COUNT_LIMIT, SearchFilters, SearchResults, search_documents
from service.web.context import web_context
from service.web.ids import MAX_ID
from service.web.pages import render
from service.web.paging import Page, Paged
from service.web.roles import Searcher
from store.states import DocumentKind

router = APIRouter(include_in_schema=False)

PAGE_SIZE = 20
MAX_QUERY = 200
SearchText = Annotated[str, Query(max_length=MAX_QUERY)]
UnitFilter = Annotated[int | None, Query(ge=1, le=MAX_ID)]
KindFilter = Annotated[DocumentKind | None, Query()]


def run_search(
    request: Request, user_units: frozenset[int] | None, q: str, filters: SearchFilters, page: Page
) -> tuple[Page, SearchResults | None]:
    """The search a page and its API twin share: one page of `PAGE_SIZE` documents."""
    sized = Page(page.number, PAGE_SIZE, query=page.query)
    store = web_context(request).back.store
    results = search_documents(store, q, user_units, filters, sized.offset, PAGE_SIZE)
    if results is None:
        return sized, None
    return Page(sized.number, PAGE_SIZE, results.has_next, sized.query), results


@router.get("/search")
def search_page(
    request: Request,
    user: Searcher,
    page: Paged,
    q: SearchText = "",
    unit: UnitFilter = None,
    kind: KindFilter = None,
) -> Response:
    filters = SearchFilters(unit, kind.value if kind else None)
    searched = bool(q.strip())
    results = None
    if searched:
        page, results = run_search(request, user.visible_unit_ids, q, filters, page)
    return render(
        request,
        "search.html",
        user,
        title=f"Tìm «{q}»" if searched else "Tìm trong văn bản",
        search_query=q,
        searched=searched,
        results=results,
        filters=filters,
        page=page,
        count_limit=COUNT_LIMIT,
        narrowed=lambda **changes: _link(q, filters, **changes),
    )


def _link(q: str, filters: SearchFilters, **changes: object) -> str:
    """This search with a filter set or (given None) taken off, from its first page."""
    wanted: dict[str, object] = {"q": q, "unit": filters.unit_id, "kind": filters.kind}
    wanted.update(changes)
    return "/search?" + urlencode({key: value for key, value in wanted.items() if value})
