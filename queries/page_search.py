"""Searching the OCR text for the workspace: documents whose pages hold every term, within the
units a user sees, newest first, each with its first matching page and a snippet, and how many
match in each unit and of each kind, to narrow the search.

Results are read a page at a time from the index in page order (newest pages first), so a
page of hits costs what it shows, not what matches; the counts read every match once.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import ColumnElement, func, select

from queries.documents import of_units
from store.database import Session, Store
from store.schema import DocumentRecord, PageRecord, UnitRecord
from store.search import PageMatch, SearchTerms, SnippetPart, page_match, parse_query, snippet


@dataclass(frozen=True)
class SearchFilters:
    unit_id: int | None = None
    kind: str | None = None


@dataclass(frozen=True)
class DocumentHit:
    document_id: int
    original_name: str
    unit_id: int
    unit_code: str
    unit_name: str
    kind: str
    dossier_code: str | None
    page: int  # the first matching page, for the thumbnail
    matching_pages: int
    parts: tuple[SnippetPart, ...]


@dataclass(frozen=True)
class UnitCount:
    unit_id: int
    code: str
    name: str
    count: int


@dataclass(frozen=True)
class KindCount:
    kind: str
    count: int


@dataclass(frozen=True)
class SearchResults:
    hits: list[DocumentHit]
    has_next: bool
    total: int  # matching documents under the filters
    units: list[UnitCount]  # under the kind filter, every unit in scope with a match
    kinds: list[KindCount]  # under the unit filter


def search_documents(
    store: Store,
    query: str,
    unit_ids: Collection[int] | None,
    filters: SearchFilters,
    offset: int,
    size: int,
) -> SearchResults | None:
    """Documents of `unit_ids` (every unit when None) matching `query`; None when the query
    has no word to look for."""
    terms = parse_query(query)
    if not terms:
        return None
    match = page_match(terms, sqlite=store.is_sqlite)
    with store.reading() as session:
        cells = _counts(session, match, unit_ids)
        found = _document_pages(session, match, unit_ids, filters, offset + size + 1)
        shown = found[offset : offset + size]
        hits = _hits(session, shown, terms)
    units, kinds, total = _facets(cells, filters)
    return SearchResults(hits, len(found) > offset + size, total, units, kinds)


def _in_scope(
    unit_ids: Collection[int] | None, filters: SearchFilters
) -> list[ColumnElement[bool]]:
    conditions = list(of_units(unit_ids))
    if filters.unit_id is not None:
        conditions.append(DocumentRecord.unit_id == filters.unit_id)
    if filters.kind is not None:
        conditions.append(DocumentRecord.kind == filters.kind)
    return conditions


def _document_pages(
    session: Session, match: PageMatch, unit_ids: Collection[int] | None, filters: SearchFilters,
    wanted: int,
) -> list[tuple[int, int, int]]:  # fmt: skip
    """(document id, first matching page, matching pages) of the newest `wanted` documents.

    A document's pages are recorded together, so they come one after another in page order:
    reading stops at the first page of the document after the last one wanted.
    """
    statement = (
        match.apply(select(PageRecord.document_id, PageRecord.number))
        .join(DocumentRecord, DocumentRecord.id == PageRecord.document_id)
        .where(*_in_scope(unit_ids, filters))
        .order_by(match.page_id.desc())
        .execution_options(yield_per=200)
    )
    found: dict[int, tuple[int, int]] = {}
    for document_id, number in session.execute(statement):
        if document_id not in found and len(found) == wanted:
            break
        first, count = found.get(document_id, (number, 0))
        found[document_id] = (min(first, number), count + 1)
    return [(document_id, first, count) for document_id, (first, count) in found.items()]


def _hits(
    session: Session, shown: list[tuple[int, int, int]], terms: SearchTerms
) -> list[DocumentHit]:
    if not shown:
        return []
    ids = [document_id for document_id, _, _ in shown]
    documents = {
        document.id: (document, unit)
        for document, unit in session.execute(
            select(DocumentRecord, UnitRecord)
            .join(UnitRecord, UnitRecord.id == DocumentRecord.unit_id)
            .where(DocumentRecord.id.in_(ids))
        )
    }
    pages = {
        (page.document_id, page.number): page
        for page in session.scalars(
            select(PageRecord).where(
                PageRecord.document_id.in_(ids),
                PageRecord.number.in_({first for _, first, _ in shown}),
            )
        )
    }
    hits = []
    for document_id, first, count in shown:
        document, unit = documents[document_id]
        page = pages[(document_id, first)]
        hits.append(
            DocumentHit(
                document_id=document_id,
                original_name=document.original_name,
                unit_id=unit.id,
                unit_code=unit.code,
                unit_name=unit.name or unit.code,
                kind=document.kind,
                dossier_code=document.dossier_code,
                page=first,
                matching_pages=count,
                parts=snippet(page.text, page.folded, terms),
            )
        )
    return hits


@dataclass(frozen=True)
class _Cell:
    unit_id: int
    code: str
    name: str
    kind: str
    count: int


def _counts(session: Session, match: PageMatch, unit_ids: Collection[int] | None) -> list[_Cell]:
    """Matching documents in scope by unit and kind, in one pass over the matches."""
    matched = (
        match.apply(select(PageRecord.document_id))
        .join(DocumentRecord, DocumentRecord.id == PageRecord.document_id)
        .where(*of_units(unit_ids))
        .distinct()
        .subquery()
    )
    statement = (
        select(UnitRecord.id, UnitRecord.code, UnitRecord.name, DocumentRecord.kind, func.count())
        .select_from(matched)
        .join(DocumentRecord, DocumentRecord.id == matched.c.document_id)
        .join(UnitRecord, UnitRecord.id == DocumentRecord.unit_id)
        .group_by(UnitRecord.id, UnitRecord.code, UnitRecord.name, DocumentRecord.kind)
    )
    return [_Cell(*row) for row in session.execute(statement)]


def _facets(
    cells: list[_Cell], filters: SearchFilters
) -> tuple[list[UnitCount], list[KindCount], int]:
    units: Counter[int] = Counter()
    names: dict[int, tuple[str, str]] = {}
    kinds: Counter[str] = Counter()
    total = 0
    for cell in cells:
        names[cell.unit_id] = (cell.code, cell.name or cell.code)
        of_kind = filters.kind is None or cell.kind == filters.kind
        of_unit = filters.unit_id is None or cell.unit_id == filters.unit_id
        if of_kind:
            units[cell.unit_id] += cell.count
        if of_unit:
            kinds[cell.kind] += cell.count
        if of_kind and of_unit:
            total += cell.count
    unit_counts = [UnitCount(unit, *names[unit], count) for unit, count in units.items() if count]
    unit_counts.sort(key=lambda facet: (-facet.count, facet.name))
    kind_counts = sorted(
        (KindCount(kind, count) for kind, count in kinds.items() if count),
        key=lambda facet: (-facet.count, facet.kind),
    )
    return unit_counts, kind_counts, total
