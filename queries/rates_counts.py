"""The SQL of the rates: two GROUP BY queries that count dossiers, never a row per dossier.

- `received_query`: the dossiers received in the period, counted by group and by what was
  found (`Found`: intake not digitized; intake only; fully digitized). The intake rate and
  the full rate come from these counts.
- `resolved_query`: the dossiers resolved in the period whose procedure requires a written
  result, counted by group and by "result digitized". The result rate comes from these.

A dossier is placed in a month or week by joining a small calendar of [since, until) UTC
ranges (see `rates_periods`); without a time grouping the calendar has one row, the
period. The dossiers are read through the covering indexes `ix_dossiers_received_rates` and
`ix_dossiers_resolved_rates`; whether a dossier has a digitized intake paper or result is
`queries.digitization`, one seek in the partial index `ix_documents_digitized_intake` or
`..._result`. The same statements run on SQLite and PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import IntEnum
from typing import Any, TypeAlias

from sqlalchemy import (
    CTE,
    ColumnElement,
    Integer,
    Select,
    SQLColumnExpression,
    and_,
    case,
    column,
    false,
    func,
    or_,
    select,
    true,
    values,
)

from config.rates_settings import RatesSettings
from queries.digitization import has_digitized, intake_digitized
from reports.rates_model import TIME_GROUPINGS, Grouping
from reports.rates_periods import Bucket
from store.schema import DossierRecord, UtcDateTime
from store.states import DocumentKind

CountQuery: TypeAlias = Select[*tuple[Any, ...]]


class Found(IntEnum):
    """What the received query finds for a dossier (its `found` column)."""

    NO_INTAKE = 0  # its intake papers are not digitized
    INTAKE = 1  # intake digitized, a required result not
    FULL = 2  # intake digitized and, where one is required, the result


def received_query(
    settings: RatesSettings, buckets: Sequence[Bucket], groupings: Sequence[Grouping]
) -> CountQuery:
    """Columns: one key per grouping, found (a `Found`), dossiers."""
    calendar = calendar_of(buckets)
    found = case(
        (~intake_digitized(settings), Found.NO_INTAKE.value),
        (
            or_(DossierRecord.result_required == false(), has_digitized(DocumentKind.RESULT)),
            Found.FULL.value,
        ),
        else_=Found.INTAKE.value,
    )
    return _counted(
        select(*_keys(calendar, groupings), found.label("found"))
        .select_from(calendar)
        .join(DossierRecord, within(DossierRecord.received_at, calendar))
    )


def resolved_query(buckets: Sequence[Bucket], groupings: Sequence[Grouping]) -> CountQuery:
    """Columns: one key per grouping, found (the result is digitized), dossiers."""
    calendar = calendar_of(buckets)
    return _counted(
        select(*_keys(calendar, groupings), has_digitized(DocumentKind.RESULT).label("found"))
        .select_from(calendar)
        .join(DossierRecord, within(DossierRecord.resolved_at, calendar))
        .where(DossierRecord.result_required == true())
    )


def calendar_of(buckets: Sequence[Bucket]) -> CTE:
    """The buckets as a small table: bucket (its number), since, until."""
    rows = values(
        column("bucket", Integer),
        column("since", UtcDateTime()),
        column("until", UtcDateTime()),
        name="calendar",
    ).data([(number, bucket.since, bucket.until) for number, bucket in enumerate(buckets)])
    return rows.cte()


def within(moment: SQLColumnExpression[Any], calendar: CTE) -> ColumnElement[bool]:
    """The moment falls in the calendar row's [since, until)."""
    return and_(moment >= calendar.c.since, moment < calendar.c.until)


def _keys(calendar: CTE, groupings: Sequence[Grouping]) -> list[ColumnElement[Any]]:
    keys: list[ColumnElement[Any]] = []
    for number, grouping in enumerate(groupings):
        name = f"key_{number}"
        if grouping in TIME_GROUPINGS:
            keys.append(calendar.c.bucket.label(name))
        elif grouping is Grouping.UNIT:
            keys.append(DossierRecord.unit_id.label(name))
        elif grouping is Grouping.CHANNEL:
            keys.append(DossierRecord.channel.label(name))
        else:  # procedure and field: the code and the field are looked up afterwards
            keys.append(DossierRecord.procedure_id.label(name))
    return keys


def _counted(per_dossier: CountQuery) -> CountQuery:
    """Dossiers counted per distinct row of `per_dossier` (group keys and `found`).

    OFFSET 0 keeps the per-dossier query a subquery of its own on both databases, so that
    `found` is worked out once a dossier; folded into the GROUP BY, SQLite would work out
    the grouped expression and the selected one separately.
    """
    rows = per_dossier.offset(0).subquery("per_dossier")
    return select(*rows.c, func.count().label("dossiers")).group_by(*rows.c)
