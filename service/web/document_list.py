"""The one document list, for every role, limited to the units the user works for."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from accounts.users import WebUser
from dossiers import TagSource
from queries.document_list import NO_TAG, PAGE_SIZES, ListPage, SortColumn, list_documents
from queries.document_stage import DocumentStage
from queries.unit_choices import unit_choices
from service.web.context import web_context
from service.web.list_request import ListRequest, read_list_request
from service.web.pages import render
from service.web.roles import Worker
from service.web.selection import MAX_SELECTED
from store.states import DocumentKind, Role

router = APIRouter(include_in_schema=False)

# The table's columns in order: (sort column or None, heading).
COLUMNS: tuple[tuple[SortColumn | None, str], ...] = (
    (None, "Trang đầu"),
    (SortColumn.RECEIVED, "Nhận lúc"),
    (SortColumn.UNIT, "Đơn vị"),
    (SortColumn.KIND, "Loại"),
    (SortColumn.NAME, "Tên tệp"),
    (SortColumn.DOSSIER, "Mã hồ sơ"),
    (SortColumn.TAG, "Nguồn mã"),
    (SortColumn.PAGES, "Số trang"),
    (SortColumn.STAGE, "Trạng thái"),
)


@dataclass(frozen=True)
class Heading:
    text: str
    href: str | None
    aria_sort: str | None  # "ascending"/"descending" on the column the list is sorted by


def read_page(request: Request, user: WebUser) -> tuple[ListRequest, ListPage]:
    """The view the URL asks for, and its page of rows (for the page and the API)."""
    context = web_context(request)
    asked = read_list_request(request.query_params, context.web.page_size)
    page = list_documents(
        context.back.store,
        asked.wanted,
        user.visible_unit_ids,
        asked.sort,
        asked.size,
        asked.cursor,
    )
    return asked, page


@router.get("/documents", response_class=HTMLResponse)
def document_list(request: Request, user: Worker) -> HTMLResponse:
    asked, page = read_page(request, user)
    back = web_context(request).back
    return render(
        request,
        "documents/list.html",
        user,
        asked=asked,
        rows=page.rows,
        headings=headings(asked),
        next_href=_page_href(asked, page.next_cursor),
        previous_href=_page_href(asked, page.previous_cursor),
        units=unit_choices(back.store, user.visible_unit_ids),
        kinds=[kind.value for kind in DocumentKind],
        stages=[stage.value for stage in DocumentStage],
        tag_sources=[source.value for source in TagSource],
        no_tag=NO_TAG,
        sizes=PAGE_SIZES,
        is_clerk=Role.CLERK in user.roles,
        profiles=sorted(back.settings.signing.profiles),
        max_selected=MAX_SELECTED,
        here=f"/documents?{asked.query(cursor=asked.cursor)}",
    )


def headings(asked: ListRequest) -> list[Heading]:
    """Each column's heading; a sortable one links to the list sorted by it (descending
    first for times, counts and stages, ascending for text), and again to reverse it."""
    shown = []
    for column, text in COLUMNS:
        if column is None:
            shown.append(Heading(text, None, None))
            continue
        current = asked.sort.column == column
        if current:
            descending = not asked.sort.descending
        else:
            descending = column in (SortColumn.RECEIVED, SortColumn.PAGES, SortColumn.STAGE)
        order = "desc" if descending else "asc"
        href = f"/documents?{asked.query(sort=column.value, order=order, cursor=None)}"
        aria = None
        if current:
            aria = "descending" if asked.sort.descending else "ascending"
        shown.append(Heading(text, href, aria))
    return shown


def _page_href(asked: ListRequest, cursor: str | None) -> str | None:
    return None if cursor is None else f"/documents?{asked.query(cursor=cursor)}"
