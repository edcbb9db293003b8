"""Full-text search over the OCR text, blind to Vietnamese diacritics and case.

SQLite: an FTS5 index of the folded page text. PostgreSQL: a GIN index over
`to_tsvector('simple', folded)`. A query is words, each of which must be on the page in any
order, and "quoted phrases", whose words must follow one another. No character the person
typed reaches the index's own query language: the words are cut out of the folded query and
each is quoted (SQLite) or passed as a bound value (PostgreSQL).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import (
    ColumnElement,
    FromClause,
    Integer,
    Select,
    column,
    func,
    literal_column,
    select,
)
from sqlalchemy import table as sql_table
from sqlalchemy import text as sql_text
from sqlalchemy.orm import Session

from dossiers.folding import fold
from store.schema import DocumentRecord, PageRecord

# A word as both indexes cut them: letters and digits; "_" and everything else separate.
_WORD = re.compile(r"[^\W_]+")
_QUOTED = re.compile(r'"([^"]*)"?')
MAX_TERMS = 16  # more words than anyone types; keeps the index's work bounded
_SPACE = re.compile(r"\s+")
_SNIPPET_CONTEXT = 60
_FRAGMENTS = 3
AnySelect = TypeVar("AnySelect", bound=Select[*tuple[Any, ...]])
_PAGE_SEARCH = sql_table("page_search", column("rowid", Integer))


@dataclass(frozen=True)
class SearchTerms:
    """What to look for, folded: each term is one word or a phrase of words in order."""

    terms: tuple[tuple[str, ...], ...]

    def __bool__(self) -> bool:
        return bool(self.terms)


@dataclass(frozen=True)
class SnippetPart:
    text: str
    matched: bool


@dataclass(frozen=True)
class SearchHit:
    document_id: int
    original_name: str
    dossier_code: str | None
    page: int
    parts: tuple[SnippetPart, ...]

    @property
    def snippet(self) -> str:
        """The snippet on one line with the matches in [brackets], for the command line."""
        return "".join(f"[{p.text}]" if p.matched else p.text for p in self.parts)


def parse_query(query: str) -> SearchTerms:
    """The terms of what was typed: "quoted words" are one phrase, other words one term each.

    An unclosed quote runs to the end. Punctuation alone gives no terms; repeated terms count
    once; at most `MAX_TERMS` terms are kept.
    """
    folded = fold(unicodedata.normalize("NFC", query))
    terms: list[tuple[str, ...]] = []
    rest: list[str] = []
    position = 0
    for quoted in _QUOTED.finditer(folded):
        rest.append(folded[position : quoted.start()])
        position = quoted.end()
        phrase = tuple(_WORD.findall(quoted.group(1)))
        if phrase:
            terms.append(phrase)
    rest.append(folded[position:])
    terms.extend((word,) for word in _WORD.findall(" ".join(rest)))
    return SearchTerms(tuple(dict.fromkeys(terms))[:MAX_TERMS])


@dataclass(frozen=True)
class PageMatch:
    """Pages matching the terms: select from `source`, keep `condition`, order by `page_id`
    (descending is the newest pages first, which the SQLite index gives without sorting)."""

    source: FromClause
    page_id: ColumnElement[int]
    condition: ColumnElement[bool]

    def apply(self, statement: AnySelect) -> AnySelect:
        """`statement` reading the matching pages (join further from `PageRecord`)."""
        return statement.select_from(self.source).where(self.condition)


def page_match(terms: SearchTerms, *, sqlite: bool) -> PageMatch:
    if sqlite:
        source = _PAGE_SEARCH.join(PageRecord, PageRecord.id == _PAGE_SEARCH.c.rowid)
        condition = sql_text("page_search MATCH :search_expression").bindparams(
            search_expression=fts5_expression(terms)
        )
        return PageMatch(source, _PAGE_SEARCH.c.rowid, condition)  # type: ignore[arg-type]
    pages = PageRecord.__table__
    return PageMatch(pages, pages.c.id, _tsquery_condition(terms))


def fts5_expression(terms: SearchTerms) -> str:
    """Every term as a quoted FTS5 string (a phrase), all of them required."""
    return " AND ".join('"' + " ".join(term).replace('"', '""') + '"' for term in terms.terms)


def _tsquery_condition(terms: SearchTerms) -> ColumnElement[bool]:
    # Written as the index is ('simple' a literal), so PostgreSQL uses it.
    config: ColumnElement[str] = literal_column("'simple'")
    queries = [func.phraseto_tsquery(config, " ".join(term)) for term in terms.terms]
    combined: ColumnElement[Any] = queries[0]
    for query in queries[1:]:
        combined = combined.op("&&")(query)
    vector: ColumnElement[Any] = literal_column("to_tsvector('simple', document_pages.folded)")
    return vector.op("@@")(combined)


def search_pages(
    session: Session, query: str, *, dossier_code: str | None = None, limit: int = 50
) -> list[SearchHit]:
    """Pages holding every term of `query`, in document order, each with its snippet."""
    terms = parse_query(query)
    if not terms:
        return []
    match = page_match(terms, sqlite=session.get_bind().dialect.name == "sqlite")
    statement = (
        match.apply(select(PageRecord, DocumentRecord))
        .join(DocumentRecord, DocumentRecord.id == PageRecord.document_id)
        .order_by(DocumentRecord.id, PageRecord.number)
    )
    if dossier_code is not None:
        statement = statement.where(DocumentRecord.dossier_code == dossier_code)
    rows = session.execute(statement.limit(limit)).all()
    return [
        SearchHit(
            document_id=document.id,
            original_name=document.original_name,
            dossier_code=document.dossier_code,
            page=page.number,
            parts=snippet(page.text, page.folded, terms),
        )
        for page, document in rows
    ]


def snippet(original: str, folded: str, terms: SearchTerms) -> tuple[SnippetPart, ...]:
    """The text as read around the matches, every match marked, on one line.

    Each term's first match gets a fragment of context (a few at most, joined by "…"); every
    match inside the fragments is marked. Positions found in the folded text mark the same
    characters of the text as read: folding keeps one character for each.
    """
    if len(folded) != len(original):
        folded = fold(original)
    spans = _matches(folded, terms)
    if not spans:
        return (SnippetPart(_one_line(original[: 2 * _SNIPPET_CONTEXT]), False),)
    windows = _at_spaces(folded, _windows(spans, len(original)), spans)
    parts: list[SnippetPart] = []
    for index, (left, right) in enumerate(windows):
        if left > 0 or index > 0:
            parts.append(SnippetPart("…", False))
        position = left
        for start, end, _ in spans:
            if start < left or end > right:
                continue
            if start > position:
                parts.append(SnippetPart(_one_line(original[position:start]), False))
            parts.append(SnippetPart(_one_line(original[start:end]), True))
            position = end
        if right > position:
            parts.append(SnippetPart(_one_line(original[position:right]), False))
    if windows[-1][1] < len(original):
        parts.append(SnippetPart("…", False))
    return tuple(part for part in parts if part.text)


def _matches(folded: str, terms: SearchTerms) -> list[tuple[int, int, int]]:
    """(start, end, term index) of every match, in order, none overlapping."""
    found: list[tuple[int, int, int]] = []
    for index, term in enumerate(terms.terms):
        pattern = r"[\W_]+".join(re.escape(word) for word in term)
        for match in re.finditer(rf"(?<![^\W_]){pattern}(?![^\W_])", folded):
            found.append((match.start(), match.end(), index))
    found.sort(key=lambda span: (span[0], -span[1]))
    kept: list[tuple[int, int, int]] = []
    for span in found:
        if not kept or span[0] >= kept[-1][1]:
            kept.append(span)
    return kept


def _windows(spans: Sequence[tuple[int, int, int]], length: int) -> list[tuple[int, int]]:
    """Fragments around the first match of each term, merged where they touch."""
    firsts: dict[int, tuple[int, int]] = {}
    for start, end, term in spans:
        firsts.setdefault(term, (start, end))
    windows = sorted(
        (max(0, start - _SNIPPET_CONTEXT), min(length, end + _SNIPPET_CONTEXT))
        for start, end in list(firsts.values())[:_FRAGMENTS]
    )
    merged: list[tuple[int, int]] = []
    for left, right in windows:
        if merged and left <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(right, merged[-1][1]))
        else:
            merged.append((left, right))
    return _whole_words(merged, spans)


def _whole_words(
    windows: Iterable[tuple[int, int]], spans: Sequence[tuple[int, int, int]]
) -> list[tuple[int, int]]:
    """Windows widened so that no match is cut in two."""
    widened = []
    for left, right in windows:
        for start, end, _ in spans:
            if start < left < end:
                left = start
            if start < right < end:
                right = end
        widened.append((left, right))
    return widened


def _at_spaces(
    folded: str, windows: list[tuple[int, int]], spans: Sequence[tuple[int, int, int]]
) -> list[tuple[int, int]]:
    """Windows narrowed to start and end between words, never losing a match."""
    narrowed = []
    for left, right in windows:
        inside = [span for span in spans if left <= span[0] and span[1] <= right]
        first, last = inside[0][0], inside[-1][1]
        space = _SPACE.search(folded, left, first) if left > 0 else None
        if space:
            left = space.end()
        if right < len(folded):
            spaces = list(_SPACE.finditer(folded, last, right))
            right = spaces[-1].start() if spaces else right
        narrowed.append((left, right))
    return narrowed


def _one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text)
