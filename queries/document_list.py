"""The one document list every role reads: filters, a sort by any shown column, and pages by
keyset cursors over (sort key, id), so that page 1,000 costs what page 1 costs.

A NULL sort key (no dossier code, no tag, no page count) counts as smaller than any value on
both databases: first when ascending, last when descending.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from sqlalchemy import (
    ColumnElement,
    Select,
    UnaryExpression,
    and_,
    case,
    false,
    or_,
    select,
    tuple_,
)

from queries.document_stage import DocumentStage, in_stage, stage_expression
from queries.list_cursor import BadCursorError, Cursor, Key, decode_cursor
from queries.prefix import starts_with
from store.database import Store
from store.schema import BatchRecord, DocumentRecord, UnitRecord

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
PAGE_SIZES = (25, 50, 100)
NO_TAG = "none"  # the tag-source filter's value for documents not tagged yet


class SortColumn(StrEnum):
    RECEIVED = "received"
    UNIT = "unit"
    KIND = "kind"
    NAME = "name"
    DOSSIER = "dossier"
    TAG = "tag"
    PAGES = "pages"
    STAGE = "stage"


_STAGE = stage_expression().element
_STAGE_ORDER = case(
    {stage.value: number for number, stage in enumerate(DocumentStage)}, value=_STAGE
)
# Each column's sort key, whether it may be NULL, and the Python type of its cursor key.
_KEYS: dict[SortColumn, tuple[ColumnElement[object], bool, type]] = {
    SortColumn.RECEIVED: (DocumentRecord.received_at, False, datetime),  # type: ignore[dict-item]
    SortColumn.UNIT: (UnitRecord.name, False, str),  # type: ignore[dict-item]
    SortColumn.KIND: (DocumentRecord.kind, False, str),  # type: ignore[dict-item]
    SortColumn.NAME: (DocumentRecord.original_name, False, str),  # type: ignore[dict-item]
    SortColumn.DOSSIER: (DocumentRecord.dossier_code, True, str),  # type: ignore[dict-item]
    SortColumn.TAG: (DocumentRecord.tag_source, True, str),  # type: ignore[dict-item]
    SortColumn.PAGES: (DocumentRecord.page_count, True, int),  # type: ignore[dict-item]
    SortColumn.STAGE: (_STAGE_ORDER, False, int),
}


@dataclass(frozen=True)
class DocumentFilter:
    unit_ids: frozenset[int] | None = None  # None: every unit the user sees
    kind: str | None = None
    stage: DocumentStage | None = None
    dossier_code: str | None = None
    dossier_prefix: bool = False  # `dossier_code` is the start of the codes wanted
    received_from: date | None = None  # Vietnam days, both included
    received_to: date | None = None
    tag_source: str | None = None  # a TagSource, or NO_TAG
    signed: bool | None = None
    batch_id: int | None = None


@dataclass(frozen=True)
class ListRow:
    id: int
    has_thumbnail: bool  # an output to draw page 1 from
    received_at: datetime
    unit_id: int
    unit_code: str
    unit_name: str
    kind: str
    original_name: str
    dossier_code: str | None
    tag_source: str | None
    page_count: int | None
    stage: str
    batch_id: int | None


@dataclass(frozen=True)
class ListPage:
    rows: list[ListRow]
    next_cursor: str | None
    previous_cursor: str | None


@dataclass(frozen=True)
class Sort:
    column: SortColumn = SortColumn.RECEIVED
    descending: bool = True


def list_documents(
    store: Store,
    wanted: DocumentFilter,
    scope: Collection[int] | None,
    sort: Sort = Sort(),
    size: int = 50,
    cursor: str | None = None,
) -> ListPage:
    """A page of the documents of `scope` (None: every unit) meeting `wanted`, in `sort`
    order, starting after (or ending before) `cursor`. Raises `BadCursorError`."""
    expression, nullable, key_type = _KEYS[sort.column]
    start = decode_cursor(cursor, key_type) if cursor else None
    if start is not None and (start.sort, start.descending) != (sort.column, sort.descending):
        raise BadCursorError(
            "The page cursor belongs to another order of the list.",
            code="document_list.bad_cursor",
        )
    before = start is not None and start.before
    descending = sort.descending != before  # read backwards towards a previous page
    by_received = sort.column == SortColumn.RECEIVED
    query = _query(wanted, scope, store.is_sqlite, by_received).add_columns(
        expression.label("sort_key")
    )
    if start is not None:
        query = query.where(_beyond(expression, nullable, start.key, start.id, descending))
    query = query.order_by(*_order(expression, nullable, descending)).limit(size + 1)
    with store.reading() as session:
        found = [(_row(row), row.sort_key) for row in session.execute(query)]
    more = len(found) > size
    found = found[:size]
    if before:
        found.reverse()
    rows = [row for row, _ in found]
    has_next = (more and not before) or before
    has_previous = (more and before) or (start is not None and not before)
    next_cursor = previous_cursor = None
    if found and has_next:
        row, key = found[-1]
        next_cursor = Cursor(sort.column, sort.descending, key, row.id, False).encode()
    if found and has_previous:
        row, key = found[0]
        previous_cursor = Cursor(sort.column, sort.descending, key, row.id, True).encode()
    return ListPage(rows, next_cursor, previous_cursor)


def vietnam_day_start(day: date) -> datetime:
    return datetime.combine(day, time(), VIETNAM).astimezone(UTC)


def _query(
    wanted: DocumentFilter, scope: Collection[int] | None, sqlite: bool, by_received: bool
) -> Select:  # type: ignore[type-arg]
    columns = (
        DocumentRecord.id,
        DocumentRecord.output_path,
        DocumentRecord.received_at,
        DocumentRecord.unit_id,
        UnitRecord.code.label("unit_code"),
        UnitRecord.name.label("unit_name"),
        DocumentRecord.kind,
        DocumentRecord.original_name,
        DocumentRecord.dossier_code,
        DocumentRecord.tag_source,
        DocumentRecord.page_count,
        _STAGE.label("stage"),
        DocumentRecord.batch_id,
    )
    return (
        select(*columns)
        .join(UnitRecord, UnitRecord.id == DocumentRecord.unit_id)
        .outerjoin(BatchRecord, BatchRecord.id == DocumentRecord.batch_id)
        .where(*_conditions(wanted, scope, sqlite, by_received))
    )


def _conditions(
    wanted: DocumentFilter, scope: Collection[int] | None, sqlite: bool, by_received: bool
) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    units = None if scope is None else frozenset(scope)
    if wanted.unit_ids is not None:
        units = wanted.unit_ids if units is None else units & wanted.unit_ids
    if units is not None:
        conditions.append(_one_of(units, by_received))
    if wanted.kind is not None:
        conditions.append(DocumentRecord.kind == wanted.kind)
    if wanted.stage is not None:
        conditions.append(in_stage(wanted.stage))
    if wanted.dossier_code is not None:
        code = wanted.dossier_code
        column = DocumentRecord.dossier_code
        conditions.append(
            starts_with(column, code, sqlite=sqlite)  # type: ignore[arg-type]
            if wanted.dossier_prefix
            else column == code
        )
    if wanted.received_from is not None:
        conditions.append(DocumentRecord.received_at >= vietnam_day_start(wanted.received_from))
    if wanted.received_to is not None:
        following = wanted.received_to + timedelta(days=1)
        conditions.append(DocumentRecord.received_at < vietnam_day_start(following))
    if wanted.tag_source == NO_TAG:
        conditions.append(DocumentRecord.tag_source.is_(None))
    elif wanted.tag_source is not None:
        conditions.append(DocumentRecord.tag_source == wanted.tag_source)
    if wanted.signed is not None:
        signed = DocumentRecord.signed_at
        conditions.append(signed.is_not(None) if wanted.signed else signed.is_(None))
    if wanted.batch_id is not None:
        conditions.append(DocumentRecord.batch_id == wanted.batch_id)
    return conditions


def _one_of(units: frozenset[int], by_received: bool) -> ColumnElement[bool]:
    # One unit as an equality, so that the (unit, received) index also gives the order.
    if not units:
        return false()
    if len(units) == 1:
        return DocumentRecord.unit_id == next(iter(units))
    if by_received:
        # Several units in received order: walking the received-time index and keeping their
        # rows stops after a page, where the unit index would sort all of their documents
        # (measured: 0.5 ms against 150 ms at 100,000). "+ 0" keeps the planner off it.
        return (DocumentRecord.unit_id + 0).in_(sorted(units))
    return DocumentRecord.unit_id.in_(sorted(units))


def _order(
    expression: ColumnElement[object], nullable: bool, descending: bool
) -> tuple[UnaryExpression[object], UnaryExpression[int]]:
    if descending:
        key = expression.desc().nulls_last() if nullable else expression.desc()
        return key, DocumentRecord.id.desc()
    key = expression.asc().nulls_first() if nullable else expression.asc()
    return key, DocumentRecord.id.asc()


def _beyond(
    expression: ColumnElement[object], nullable: bool, key: Key, row_id: int, descending: bool
) -> ColumnElement[bool]:
    """The rows after (key, row_id) in the order `_order` gives."""
    pair = tuple_(expression, DocumentRecord.id)
    if not nullable:
        if key is None:
            raise BadCursorError(
                "The page cursor has no key for this order.", code="document_list.bad_cursor"
            )
        return pair < (key, row_id) if descending else pair > (key, row_id)
    if descending:  # values high to low, then the NULLs
        if key is None:
            return and_(expression.is_(None), DocumentRecord.id < row_id)
        return or_(expression.is_(None), pair < (key, row_id))
    if key is None:  # the NULLs first, then values low to high
        return or_(and_(expression.is_(None), DocumentRecord.id > row_id), expression.is_not(None))
    return and_(expression.is_not(None), pair > (key, row_id))


def _row(row: object) -> ListRow:
    values = row._mapping  # type: ignore[attr-defined]
    return ListRow(
        id=values["id"],
        has_thumbnail=values["output_path"] is not None,
        received_at=values["received_at"],
        unit_id=values["unit_id"],
        unit_code=values["unit_code"],
        unit_name=values["unit_name"],
        kind=values["kind"],
        original_name=values["original_name"],
        dossier_code=values["dossier_code"],
        tag_source=values["tag_source"],
        page_count=values["page_count"],
        stage=values["stage"],
        batch_id=values["batch_id"],
    )
