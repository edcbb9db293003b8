"""The document list's query on SQLite and PostgreSQL: every filter, every sort both ways, and
pages walked by cursor (forwards and back) giving every row once, in order, through ties on
the sort key and NULL keys; a user's units bound every answer."""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import pytest

from queries.document_list import (
    NO_TAG,
    DocumentFilter,
    ListRow,
    Sort,
    SortColumn,
    list_documents,
)
from queries.document_stage import DocumentStage, stage_of
from queries.list_cursor import BadCursorError, Cursor
from store.database import Store
from store.schema import BatchRecord, DocumentRecord, UnitRecord
from store.states import BatchState, DocumentStatus
from tests.support.databases import migrated_store

# 03:00 UTC is 10:00 in Vietnam; 17:30 UTC is already the next day there.
BASE = datetime(2026, 12, 1, 3, 0, tzinfo=UTC)
CODES = (None, "H57.132-261201-0001", "H57.132-261201-0002", "H57.999-261202-0001")
TAGS = (None, "folder", "barcode", "clerk")
STAGE_ORDER = {stage.value: number for number, stage in enumerate(DocumentStage)}


@dataclass(frozen=True)
class Made:
    id: int
    unit_id: int
    unit_name: str
    kind: str
    name: str
    code: str | None
    tag: str | None
    pages: int | None
    received_at: datetime
    stage: str
    signed: bool
    batch_id: int | None


@dataclass(frozen=True)
class Office:
    store: Store
    made: list[Made]
    units: dict[str, int]
    batches: dict[str, int]


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def office(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Office]:
    with migrated_store(request.param, tmp_path_factory.mktemp("list")) as store:
        yield _fill(store)


def _fill(store: Store) -> Office:
    rnd = random.Random(16)
    made: list[Made] = []
    with store.writing() as session:
        units = [UnitRecord(code="xa-an-binh", name="Xã An Bình"), UnitRecord(code="xa-b", name="")]
        session.add_all(units)
        batches = {
            state: BatchRecord(
                profile="p", by_hand=True, state=state, created_at=BASE, created_by="t"
            )
            for state in (BatchState.OPEN, BatchState.SUBMITTED, BatchState.REJECTED)
        }
        session.add_all(batches.values())
        session.flush()
        for number in range(90):
            unit = units[number % 3 == 0]
            status = rnd.choice(
                [*DocumentStatus, DocumentStatus.DIGITIZED, DocumentStatus.DIGITIZED]
            )
            signed = status == DocumentStatus.DIGITIZED and rnd.random() < 0.2
            batch = rnd.choice([None, None, *batches.values()])
            # Few distinct times, names and codes: ties on every sort key.
            received = BASE + timedelta(hours=7.25 * rnd.randrange(6) + 7.25 * (number == 5))
            document = DocumentRecord(
                sha256=f"{number:064x}",
                kind=rnd.choice(["intake", "result"]),
                status=status,
                unit_id=unit.id,
                dossier_code=rnd.choice(CODES),
                tag_source=rnd.choice(TAGS),
                original_name=rnd.choice(["a.pdf", "b.pdf", "Đơn.pdf"]),
                inbox_path=f"x/intake/{number}.pdf",
                archive_path=f"archive/{number}",
                output_path=f"outputs/{number}.pdf" if status == "digitized" else None,
                notes="",
                page_count=rnd.choice([None, 1, 2, 3]),
                received_at=received,
                signed_at=BASE if signed else None,
                batch_id=batch.id if batch else None,
            )
            session.add(document)
            session.flush()
            state = batch.state if batch else None
            made.append(
                Made(
                    document.id, unit.id, unit.name, document.kind, document.original_name,
                    document.dossier_code, document.tag_source, document.page_count, received,
                    stage_of(status, document.signed_at, state).value, signed, document.batch_id,
                )
            )  # fmt: skip
        ids = {unit.code: unit.id for unit in units}
        batch_ids = {str(state): batch.id for state, batch in batches.items()}
    return Office(store, made, ids, batch_ids)


SORT_KEYS: dict[SortColumn, Callable[[Made], object]] = {
    SortColumn.RECEIVED: lambda m: m.received_at,
    SortColumn.UNIT: lambda m: m.unit_name,
    SortColumn.KIND: lambda m: m.kind,
    SortColumn.NAME: lambda m: m.name,
    SortColumn.DOSSIER: lambda m: m.code,
    SortColumn.TAG: lambda m: m.tag,
    SortColumn.PAGES: lambda m: m.pages,
    SortColumn.STAGE: lambda m: STAGE_ORDER[m.stage],
}


def expected_order(made: list[Made], sort: Sort) -> list[int]:
    """NULL is the smallest key; ties go by id, in the sort's direction."""
    key = SORT_KEYS[sort.column]

    def rank(m: Made) -> tuple[object, ...]:
        value = key(m)
        return (value is not None, value if value is not None else 0, m.id)

    return [m.id for m in sorted(made, key=rank, reverse=sort.descending)]


def walk(
    store: Store,
    wanted: DocumentFilter,
    scope: frozenset[int] | None,
    sort: Sort,
    size: int,
) -> tuple[list[list[int]], list[list[int]]]:
    """Every page forwards by `next_cursor`, then back from the last by `previous_cursor`."""
    forwards: list[list[int]] = []
    cursor = None
    while True:
        page = list_documents(store, wanted, scope, sort, size, cursor)
        forwards.append([row.id for row in page.rows])
        assert (page.previous_cursor is None) == (cursor is None)
        if page.next_cursor is None:
            break
        cursor = page.next_cursor
    backwards = [forwards[-1]]
    previous = page.previous_cursor
    while previous is not None:
        page = list_documents(store, wanted, scope, sort, size, previous)
        backwards.append([row.id for row in page.rows])
        assert page.next_cursor is not None
        previous = page.previous_cursor
    backwards.reverse()
    return forwards, backwards


@pytest.mark.parametrize("descending", [False, True], ids=["ascending", "descending"])
@pytest.mark.parametrize("column", list(SortColumn))
def test_walking_the_pages_gives_every_row_once_in_order(
    office: Office, column: SortColumn, descending: bool
) -> None:
    sort = Sort(column, descending)
    forwards, backwards = walk(office.store, DocumentFilter(), None, sort, 7)
    listed = [identifier for page in forwards for identifier in page]
    assert listed == expected_order(office.made, sort)
    assert all(len(page) == 7 for page in forwards[:-1])
    assert backwards == forwards


def test_a_filtered_list_walks_within_the_filter(office: Office) -> None:
    wanted = DocumentFilter(stage=DocumentStage.DIGITIZED)
    sort = Sort(SortColumn.DOSSIER, False)
    forwards, _ = walk(office.store, wanted, None, sort, 4)
    chosen = [m for m in office.made if m.stage == "digitized"]
    assert [i for page in forwards for i in page] == expected_order(chosen, sort)


def listed_ids(
    office: Office, wanted: DocumentFilter, scope: frozenset[int] | None = None
) -> set[int]:
    page = list_documents(office.store, wanted, scope, Sort(), 100)
    assert page.next_cursor is None
    return {row.id for row in page.rows}


def test_each_filter_keeps_exactly_the_rows_it_names(office: Office) -> None:
    made = office.made
    unit_a = office.units["xa-an-binh"]
    cases: list[tuple[DocumentFilter, Callable[[Made], bool]]] = [
        (DocumentFilter(unit_ids=frozenset({unit_a})), lambda m: m.unit_id == unit_a),
        (DocumentFilter(kind="result"), lambda m: m.kind == "result"),
        (DocumentFilter(dossier_code=CODES[1]), lambda m: m.code == CODES[1]),
        (
            DocumentFilter(dossier_code="H57.132-", dossier_prefix=True),
            lambda m: (m.code or "").startswith("H57.132-"),
        ),
        (DocumentFilter(tag_source="barcode"), lambda m: m.tag == "barcode"),
        (DocumentFilter(tag_source=NO_TAG), lambda m: m.tag is None),
        (DocumentFilter(signed=True), lambda m: m.signed),
        (DocumentFilter(signed=False), lambda m: not m.signed),
        (
            DocumentFilter(batch_id=office.batches["rejected"]),
            lambda m: m.batch_id == office.batches["rejected"],
        ),
        (
            DocumentFilter(kind="intake", tag_source="folder", signed=False),
            lambda m: m.kind == "intake" and m.tag == "folder" and not m.signed,
        ),
    ]
    for stage in DocumentStage:
        cases.append((DocumentFilter(stage=stage), _in_stage(stage)))
    for wanted, keep in cases:
        expected = {m.id for m in made if keep(m)}
        assert listed_ids(office, wanted) == expected, wanted
    stages = (DocumentStage.DIGITIZED, DocumentStage.REJECTED)
    assert all(listed_ids(office, DocumentFilter(stage=stage)) for stage in stages)


def _in_stage(stage: DocumentStage) -> Callable[[Made], bool]:
    return lambda m: m.stage == stage


def test_the_date_range_is_of_vietnam_days_both_included(office: Office) -> None:
    made = office.made
    # 2026-12-01 10:00 in Vietnam plus steps of 7 h 15 min: the 2nd step is past midnight there.
    day_one = DocumentFilter(received_from=date(2026, 12, 1), received_to=date(2026, 12, 1))
    expected = {m.id for m in made if m.received_at < datetime(2026, 12, 1, 17, 0, tzinfo=UTC)}
    assert listed_ids(office, day_one) == expected
    assert expected and len(expected) < len(made)
    later = DocumentFilter(received_from=date(2026, 12, 2))
    assert listed_ids(office, later) == {m.id for m in made} - expected
    assert listed_ids(office, DocumentFilter(received_to=date(2026, 11, 30))) == set()


def test_a_clerk_sees_only_their_units_whatever_the_filter_asks(office: Office) -> None:
    unit_a, unit_b = office.units["xa-an-binh"], office.units["xa-b"]
    scope = frozenset({unit_a})
    of_a = {m.id for m in office.made if m.unit_id == unit_a}
    assert listed_ids(office, DocumentFilter(), scope) == of_a
    assert listed_ids(office, DocumentFilter(unit_ids=frozenset({unit_b})), scope) == set()
    both = frozenset({unit_a, unit_b})
    assert listed_ids(office, DocumentFilter(unit_ids=both), scope) == of_a
    assert listed_ids(office, DocumentFilter(), frozenset()) == set()


def test_rows_carry_what_the_list_shows(office: Office) -> None:
    page = list_documents(
        office.store, DocumentFilter(), None, Sort(SortColumn.RECEIVED, False), 100
    )
    by_id: dict[int, ListRow] = {row.id: row for row in page.rows}
    for m in office.made:
        row = by_id[m.id]
        assert (row.unit_name, row.kind, row.original_name, row.dossier_code) == (
            m.unit_name, m.kind, m.name, m.code,
        )  # fmt: skip
        assert (row.stage, row.page_count, row.batch_id, row.received_at) == (
            m.stage, m.pages, m.batch_id, m.received_at,
        )  # fmt: skip
        assert row.has_thumbnail == (m.stage not in ("waiting", "split", "quarantined"))
    assert {row.unit_code for row in page.rows} == {"xa-an-binh", "xa-b"}


@pytest.mark.parametrize(
    "cursor",
    [
        "not base64 at all!",
        "eyJ4IjoxfQ",  # {"x":1}
        Cursor("received", True, "not a time", 5, False).encode(),
        Cursor("received", True, None, 5, False).encode(),
        Cursor("received", True, "2026-12-01T03:00:00+00:00", 0, False).encode(),
        Cursor("pages", True, 3, 5, False).encode(),  # of another order
        Cursor("received", True, "2026-12-01T03:00:00", 5, False).encode(),  # no offset
        Cursor("received", True, "0001-01-01T00:00:00+14:00", 5, False).encode(),
        "A" * 2000,
    ],
)
def test_a_cursor_the_list_did_not_make_is_refused(office: Office, cursor: str) -> None:
    with pytest.raises(BadCursorError):
        list_documents(office.store, DocumentFilter(), None, Sort(), 10, cursor)


@pytest.mark.parametrize("column", [SortColumn.RECEIVED, SortColumn.NAME])
def test_a_clerk_of_several_units_walks_all_of_theirs(office: Office, column: SortColumn) -> None:
    scope = frozenset(office.units.values())
    sort = Sort(column, True)
    forwards, backwards = walk(office.store, DocumentFilter(), scope, sort, 9)
    assert [i for page in forwards for i in page] == expected_order(office.made, sort)
    assert backwards == forwards


def test_a_cursor_key_no_database_can_compare_is_refused(office: Office) -> None:
    cursor = Cursor("name", True, "a\x00b", 5, False).encode()
    with pytest.raises(BadCursorError):
        list_documents(office.store, DocumentFilter(), None, Sort(SortColumn.NAME), 10, cursor)
