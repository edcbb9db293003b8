"""Full-text search over the OCR text, blind to Vietnamese diacritics and case.

SQLite: an FTS5 index of the folded page text. PostgreSQL: a GIN index over
`to_tsvector('simple', folded)`. Both match the query's words as a phrase.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import Select, select, text
from sqlalchemy.orm import Session

from dossiers.folding import fold
from store.schema import DocumentRecord, PageRecord

_SNIPPET_CONTEXT = 60
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class SearchHit:
    document_id: int
    original_name: str
    dossier_code: str | None
    page: int
    snippet: str


def search_pages(
    session: Session, query: str, *, dossier_code: str | None = None, limit: int = 50
) -> list[SearchHit]:
    words = _WORD.findall(fold(query))
    if not words:
        return []
    statement = _matching_pages(session, words)
    if dossier_code is not None:
        statement = statement.where(DocumentRecord.dossier_code == dossier_code)
    rows = session.execute(statement.limit(limit)).all()
    return [
        SearchHit(
            document_id=document.id,
            original_name=document.original_name,
            dossier_code=document.dossier_code,
            page=page.number,
            snippet=snippet(page.text, page.folded, words),
        )
        for page, document in rows
    ]


def _matching_pages(session: Session, words: list[str]) -> Select[PageRecord, DocumentRecord]:
    phrase = " ".join(words)
    base = select(PageRecord, DocumentRecord).join(
        DocumentRecord, DocumentRecord.id == PageRecord.document_id
    )
    if session.get_bind().dialect.name == "sqlite":
        matched = text(
            "document_pages.id IN (SELECT rowid FROM page_search WHERE page_search MATCH :q)"
        )
        return base.where(matched.bindparams(q=f'"{phrase}"')).order_by(
            DocumentRecord.id, PageRecord.number
        )
    matched = text("to_tsvector('simple', document_pages.folded) @@ phraseto_tsquery('simple', :q)")
    return base.where(matched.bindparams(q=phrase)).order_by(DocumentRecord.id, PageRecord.number)


def snippet(original: str, folded: str, words: list[str]) -> str:
    """The text as read around the first word of the query, on one line."""
    found = re.search(r"\b" + re.escape(words[0]) + r"\b", folded)
    start = found.start() if found else 0
    end = found.end() if found else 0
    left = max(0, start - _SNIPPET_CONTEXT)
    right = min(len(original), end + _SNIPPET_CONTEXT)
    shown = original[left:start] + "[" + original[start:end] + "]" + original[end:right]
    shown = " ".join(shown.split())
    return ("…" if left else "") + shown + ("…" if right < len(original) else "")
