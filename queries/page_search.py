"""Searching the OCR text for the workspace: documents whose pages hold every term, within the
units a user sees, newest first, each with its first matching page and a snippet, and how many
match in each unit and of each kind, to narrow the search.

Results are read a page at a time from the index in page order (newest pages first), so a
page of hits costs what it shows, not what matches. The counts read the matches once, up to
`COUNT_LIMIT` documents: beyond, they are the counts of the newest matches and say so.
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

COUNT_LIMIT = 1000


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
    counted_all: bool  # False: the counts are of the newest `COUNT_LIMIT` matches only


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
    wanted = offset + size
    with store.reading() as session:
        counted = _newest_documents(session, match, of_units(unit_ids), COUNT_LIMIT)
        counted_all = len(counted) <= COUNT_LIMIT
        if filters == SearchFilters() and (counted_all or wanted < len(counted)):
            found = counted  # the same reading, already done
        else:
            found = _newest_documents(session, match, _in_scope(unit_ids, filters), wanted)
        listed = list(found.items())
        hits = _hits(session, listed[offset:wanted], terms)
        cells = _cells(session, list(counted.values())[:COUNT_LIMIT])
    units, kinds, total = _facets(cells, filters)
    return SearchResults(hits, len(listed) > wanted, total, units, kinds, counted_all)


def _in_scope(
    unit_ids: Collection[int] | None, filters: SearchFilters
) -> tuple[ColumnElement[bool], ...]:
    conditions = list(of_units(unit_ids))
    if filters.unit_id is not None:
        conditions.append(DocumentRecord.unit_id == filters.unit_id)
    if filters.kind is not None:
        conditions.append(DocumentRecord.kind == filters.kind)
    return tuple(conditions)


@dataclass
class _Found:
    unit_id: int
    kind: str
    first_page: int
    pages: int


def _newest_documents(
    session: Session, match: PageMatch, conditions: tuple[ColumnElement[bool], ...], wanted: int
) -> dict[int, _Found]:
    """The newest `wanted` matching documents meeting `conditions`, in that order, with their
    first matching page and how many match; one more when there are more.

    A document's pages are recorded together, so they come one after another in page order:
    reading stops at the first page of the document after the last one wanted.
    """
    if session.get_bind().dialect.name != "sqlite":
        return _newest_grouped(session, match, conditions, wanted)
    statement = (
        match.apply(
            select(
                PageRecord.document_id,
                PageRecord.number,
                DocumentRecord.unit_id,
                DocumentRecord.kind,
            )
        )
        .join(DocumentRecord, DocumentRecord.id == PageRecord.document_id)
        .where(*conditions)
        .order_by(match.page_id.desc())
        .execution_options(yield_per=500)
    )
    found: dict[int, _Found] = {}
    for document_id, number, unit_id, kind in session.execute(statement):
        known = found.get(document_id)
        if known is None:
            found[document_id] = _Found(unit_id, kind, number, 1)
            if len(found) > wanted:
                break
        else:
            known.first_page = min(known.first_page, number)
            known.pages += 1
    return found


def _newest_grouped(
    session: Session, match: PageMatch, conditions: tuple[ColumnElement[bool], ...], wanted: int
) -> dict[int, _Found]:
    """`_newest_documents` grouped by PostgreSQL itself, which reads every match through its
    index (read a page at a time, as a cursor, it would rather test every page's text)."""
    statement = (
        match.apply(
            select(
                PageRecord.document_id,
                DocumentRecord.unit_id,
                DocumentRecord.kind,
                func.min(PageRecord.number),
                func.count(),
            )
        )
        .join(DocumentRecord, DocumentRecord.id == PageRecord.document_id)
        .where(*conditions)
        .group_by(PageRecord.document_id, DocumentRecord.unit_id, DocumentRecord.kind)
        .order_by(func.max(match.page_id).desc())
        .limit(wanted + 1)
    )
    return {
        document_id: _Found(unit_id, kind, first, pages)
        for document_id, unit_id, kind, first, pages in session.execute(statement)
    }


def _hits(
    session: Session, shown: list[tuple[int, _Found]], terms: SearchTerms
) -> list[DocumentHit]:
    if not shown:
        return []
    ids = [document_id for document_id, _ in shown]
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
                PageRecord.number.in_({found.first_page for _, found in shown}),
            )
        )
    }
    hits = []
    for document_id, found in shown:
        document, unit = documents[document_id]
        page = pages[(document_id, found.first_page)]
        hits.append(
            DocumentHit(
                document_id=document_id,
                original_name=document.original_name,
                unit_id=unit.id,
                unit_code=unit.code,
                unit_name=unit.name or unit.code,
                kind=document.kind,
                dossier_code=document.dossier_code,
                page=found.first_page,
                matching_pages=found.pages,
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


def _cells(session: Session, counted: list[_Found]) -> list[_Cell]:
    """The counted documents by unit and kind, with the units' names."""
    cells = Counter((found.unit_id, found.kind) for found in counted)
    units = {
        unit.id: unit
        for unit in session.scalars(
            select(UnitRecord).where(UnitRecord.id.in_({unit for unit, _ in cells}))
        )
    }
    return [
        _Cell(unit, units[unit].code, units[unit].name, kind, count)
        for (unit, kind), count in cells.items()
    ]


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
