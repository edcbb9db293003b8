"""What the admin's pages share: a list read a page at a time, and above it the notice of the
last action or the error of a refused form (with the form as it was typed)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from typing import TypedDict, Unpack

from fastapi import Request
from fastapi.responses import Response

from accounts.users import WebUser
from service.web.context import web_context
from service.web.pages import render
from service.web.paging import Page
from store.database import Store

RowReader = Callable[[Store, int, int], Sequence[object]]
"""A list's rows: (store, offset, limit)."""
_NOTICE_KEYS = {"ok", "rows"}


class Shown(TypedDict, total=False):
    """What an admin page shows besides its content: the notice of the last action, or the
    error of a refused form with the form as it was typed."""

    notice: str | None
    error: str | None
    form: Mapping[str, object]


def list_page(
    request: Request,
    user: WebUser,
    template: str,
    page: Page,
    rows: RowReader,
    status: int = 200,
    extra: Mapping[str, object] | None = None,
    **shown: Unpack[Shown],
) -> Response:
    """`template` with the page's `rows` and the `extra` context; its links no longer carry
    the notice."""
    store = web_context(request).back.store
    kept, listed = without_notice(page).cut(rows(store, page.offset, page.fetch))
    context = {**(extra or {}), **shown_context(shown)}
    return render(request, template, user, status, page=kept, rows=listed, **context)


def shown_context(shown: Shown) -> dict[str, object]:
    """The template's `notice`, `error` and `form` (empty when none was typed)."""
    return {
        "notice": shown.get("notice"),
        "error": shown.get("error"),
        "form": shown.get("form") or {},
    }


def without_notice(page: Page) -> Page:
    """The page, its links no longer carrying the notice of the last action."""
    kept = {key: value for key, value in page.query.items() if key not in _NOTICE_KEYS}
    return replace(page, query=kept)
