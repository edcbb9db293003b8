"""Searching the OCR text on real SQLite and real PostgreSQL: several words in any order,
quoted phrases, blind to diacritics and case, every match marked in the snippet as it was read,
and whatever is typed never breaks the search nor matches everything."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from dossiers.folding import fold
from queries.page_search import SearchFilters, search_documents
from store.database import Store
from store.schema import DocumentRecord, PageRecord, UnitRecord
from store.search import SnippetPart, parse_query, search_pages
from tests.support.databases import migrated_store

NOW = datetime(2026, 12, 4, 3, 0, tzinfo=UTC)
PAGES = {
    "khai-sinh.pdf": "Tờ khai đăng ký KHAI SINH cho trẻ. Người đi khai: Lê Thị Mai, mẹ của trẻ.",
    "giay-khai-sinh.pdf": "Bản sao Giấy khai sinh của ông Nguyễn Văn Đức, cấp tại xã An Bình.",
    "rieng-le.pdf": "Sinh hoạt tổ dân phố; khai báo tạm trú của hộ ông Trần Văn Dũng.",
    "dat-dai.pdf": "Đơn xin cấp lại giấy chứng nhận quyền sử dụng đất của bà Phạm Thị Hoà.",
}


@pytest.fixture(params=["sqlite", "postgresql"], scope="module")
def store(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Store]:
    """One page for each of `PAGES`, recorded as the intake records them (the index is filled
    by the database itself: the trigger on SQLite, the expression index on PostgreSQL)."""
    with migrated_store(request.param, tmp_path_factory.mktemp("search")) as opened:
        with opened.writing() as session:
            units = [UnitRecord(code="xa-a", name="Xã A"), UnitRecord(code="xa-b", name="Xã B")]
            session.add_all(units)
            session.flush()
            for number, (name, text) in enumerate(PAGES.items()):
                document = DocumentRecord(
                    sha256=f"{number:064x}",
                    kind="intake" if number % 2 == 0 else "result",
                    status="digitized",
                    unit_id=units[number % 2].id,
                    original_name=name,
                    inbox_path=f"xa/intake/{name}",
                    archive_path=f"archive/{number}",
                    notes="",
                    received_at=NOW,
                    page_count=2,
                )
                session.add(document)
                session.flush()
                for page, page_text in enumerate(("Trang bìa", text), start=1):
                    session.add(
                        PageRecord(
                            document_id=document.id,
                            number=page,
                            text=page_text,
                            folded=fold(page_text),
                            barcodes="",
                        )
                    )
        yield opened


def names(store: Store, query: str) -> set[str]:
    with store.reading() as session:
        return {hit.original_name for hit in search_pages(session, query)}


def test_several_words_match_in_any_order_and_all_must_be_there(store: Store) -> None:
    both = {"khai-sinh.pdf", "giay-khai-sinh.pdf", "rieng-le.pdf"}
    assert names(store, "khai sinh") == both
    assert names(store, "sinh khai") == both
    assert names(store, "khai sinh Dũng") == {"rieng-le.pdf"}
    assert names(store, "khai sinh đất") == set()


def test_a_quoted_phrase_needs_its_words_together_and_in_order(store: Store) -> None:
    assert names(store, '"khai sinh"') == {"khai-sinh.pdf", "giay-khai-sinh.pdf"}
    assert names(store, '"sinh khai"') == set()
    assert names(store, '"giấy khai sinh"') == {"giay-khai-sinh.pdf"}
    assert names(store, '"giấy khai sinh" Đức') == {"giay-khai-sinh.pdf"}
    assert names(store, '"giấy khai sinh" Mai') == set()
    assert names(store, '"giấy khai') == {"giay-khai-sinh.pdf"}, "an unclosed quote runs on"


def test_diacritics_and_case_do_not_matter_either_way(store: Store) -> None:
    assert names(store, "Khai Sinh Mai") == {"khai-sinh.pdf"}  # the page has "KHAI SINH"
    assert names(store, "khai sinh Đức") == {"giay-khai-sinh.pdf"}  # the page has "khai sinh"
    assert names(store, "DUC NGUYEN") == {"giay-khai-sinh.pdf"}
    assert names(store, "hoà") == names(store, "HOA") == {"dat-dai.pdf"}
    assert names(store, "đất") == names(store, "dat") == {"dat-dai.pdf"}


def test_every_matched_word_is_marked_as_it_was_read(store: Store) -> None:
    with store.reading() as session:
        (hit,) = search_pages(session, "khai sinh MAI")
    assert hit.page == 2
    marked = [part.text for part in hit.parts if part.matched]
    assert marked == ["khai", "KHAI", "SINH", "khai", "Mai"]
    assert "".join(part.text for part in hit.parts) == PAGES["khai-sinh.pdf"]
    with store.reading() as session:
        (hit,) = search_pages(session, '"giay khai sinh" duc')
    assert [part.text for part in hit.parts if part.matched] == ["Giấy khai sinh", "Đức"]
    assert hit.snippet.startswith("Bản sao [Giấy khai sinh] của ông Nguyễn Văn [Đức]")


def test_words_far_apart_each_get_a_fragment_in_the_snippet() -> None:
    from store.search import snippet

    text = "Đơn đề nghị " + "phần trình bày " * 40 + "Người nộp: Trần Văn Dũng " + "x " * 200
    parts = snippet(text, fold(text), parse_query("don dung"))
    assert [part.text for part in parts if part.matched] == ["Đơn", "Dũng"]
    assert SnippetPart("…", False) in parts
    assert len("".join(part.text for part in parts)) < 400


HOSTILE = [
    '"',
    '""',
    "*",
    "khai*",
    "AND OR NEAR(",
    "NOT khai",
    "khai OR đất",
    "(khai) AND (sinh",
    "^khai",
    "folded:khai",
    "khai - sinh + ' ; -- DROP TABLE documents",
    "NEAR(khai sinh, 2)",
    "\\",
    "%_",
    "khai " * 500,
    "x" * 5000,
    "💥 ☃ ⸮",
]


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_queries_never_raise_and_never_match_everything(store: Store, query: str) -> None:
    found = names(store, query)
    assert found != set(PAGES)
    with store.reading() as session:
        assert session.get(DocumentRecord, 1) is not None


def test_operators_typed_are_words_to_find(store: Store) -> None:
    assert names(store, "khai OR đất") == set(), "OR is a word, not the operator"
    assert names(store, "khai*") == names(store, "khai")
    assert names(store, "NOT khai") == set()


def test_punctuation_alone_is_no_search() -> None:
    for query in ('"', "*", "-- ;", "", "   "):
        assert not parse_query(query)


def test_documents_are_searched_within_the_scope_with_counts_by_unit_and_kind(
    store: Store,
) -> None:
    with store.reading() as session:
        units = {unit.code: unit.id for unit in session.query(UnitRecord)}
    everywhere = search_documents(store, "khai", None, SearchFilters(), 0, 20)
    assert everywhere is not None and everywhere.total == 3
    assert {hit.original_name for hit in everywhere.hits} == {
        "khai-sinh.pdf",
        "giay-khai-sinh.pdf",
        "rieng-le.pdf",
    }
    assert {hit.page for hit in everywhere.hits} == {2}
    assert {(unit.code, unit.name, unit.count) for unit in everywhere.units} == {
        ("xa-a", "Xã A", 2),
        ("xa-b", "Xã B", 1),
    }
    assert {(kind.kind, kind.count) for kind in everywhere.kinds} == {("intake", 2), ("result", 1)}

    only_b = search_documents(store, "khai", {units["xa-b"]}, SearchFilters(), 0, 20)
    assert only_b is not None
    assert [hit.original_name for hit in only_b.hits] == ["giay-khai-sinh.pdf"]
    assert [(unit.code, unit.count) for unit in only_b.units] == [("xa-b", 1)]

    narrowed = search_documents(store, "khai", None, SearchFilters(kind="intake"), 0, 20)
    assert narrowed is not None and narrowed.total == 2
    assert {hit.kind for hit in narrowed.hits} == {"intake"}
    assert {(kind.kind, kind.count) for kind in narrowed.kinds} == {("intake", 2), ("result", 1)}
    assert [(unit.code, unit.count) for unit in narrowed.units] == [("xa-a", 2)]

    outside = search_documents(store, "khai", {units["xa-b"]}, SearchFilters(units["xa-a"]), 0, 5)
    assert outside is not None and outside.hits == [] and outside.total == 0


def test_results_come_a_page_at_a_time(store: Store) -> None:
    first = search_documents(store, "khai", None, SearchFilters(), 0, 2)
    second = search_documents(store, "khai", None, SearchFilters(), 2, 2)
    assert first is not None and second is not None
    assert first.has_next and not second.has_next
    seen = [hit.document_id for hit in first.hits + second.hits]
    assert len(seen) == len(set(seen)) == 3
    assert seen == sorted(seen, reverse=True), "the newest documents first"
    assert search_documents(store, "--", None, SearchFilters(), 0, 2) is None


def test_beyond_the_count_limit_the_newest_matches_are_counted_and_it_says_so(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("queries.page_search.COUNT_LIMIT", 2)
    capped = search_documents(store, "khai", None, SearchFilters(), 0, 20)
    assert capped is not None and not capped.counted_all
    assert sum(unit.count for unit in capped.units) == 2
    assert len(capped.hits) == 3, "the hits are all there, only the counting stops"
    exact = search_documents(store, "khai sinh Mai", None, SearchFilters(), 0, 20)
    assert exact is not None and exact.counted_all and exact.total == 1
