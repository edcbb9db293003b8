"""Lists are read a page at a time: `size + 1` rows tell whether a next page exists without
counting the whole table."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Annotated, TypeVar
from urllib.parse import urlencode

from fastapi import Depends, Query, Request

from service.web.context import web_context

Item = TypeVar("Item")
MAX_PAGE = 100_000


@dataclass(frozen=True)
class Page:
    number: int
    size: int
    has_next: bool = False
    query: dict[str, str] = field(default_factory=dict)

    @property
    def offset(self) -> int:
        return (self.number - 1) * self.size

    @property
    def fetch(self) -> int:
        """Rows to ask the database for."""
        return self.size + 1

    def cut(self, rows: Sequence[Item]) -> tuple[Page, list[Item]]:
        """The rows of this page, and the page knowing whether another follows."""
        more = len(rows) > self.size
        return Page(self.number, self.size, more, self.query), list(rows[: self.size])

    def link(self, base: str, number: int) -> str:
        return f"{base}?{urlencode({**self.query, 'page': str(number)})}"


def page_of(request: Request, page: int = Query(1, ge=1, le=MAX_PAGE)) -> Page:
    """The page a list route was asked for (through `Paged`)."""
    query = {key: value for key, value in request.query_params.items() if key != "page"}
    return Page(page, web_context(request).web.page_size, query=query)


Paged = Annotated[Page, Depends(page_of)]
"""A route parameter: `page: Paged`."""
