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
one seek in the partial index `ix_documents_digitized_intake` or `..._result`. The same
statements run on SQLite and PostgreSQL.
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
    exists,
    false,
    func,
    literal_column,
    or_,
    select,
    true,
    values,
)

from config.rates_settings import IntakeRule, RatesSettings
from reports.rates_model import Grouping
from reports.rates_periods import Bucket
from store.schema import (
    DocumentRecord,
    DossierRecord,
    ProcedureComponentRecord,
    ProcedureRecord,
    UtcDateTime,
)
from store.states import DocumentKind, DocumentStatus

CountQuery: TypeAlias = Select[*tuple[Any, ...]]
ONLINE = "online"
TIME_GROUPINGS = (Grouping.MONTH, Grouping.WEEK)


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


def intake_digitized(settings: RatesSettings) -> ColumnElement[bool]:
    """True for a dossier whose intake papers count as digitized under the settings."""
    papers = and_(has_digitized(DocumentKind.INTAKE), _components_digitized(settings))
    if settings.online_counts_as_digitized:
        return or_(DossierRecord.channel == ONLINE, papers)
    return papers


def has_digitized(kind: DocumentKind) -> ColumnElement[bool]:
    """The dossier has a digitized document of this kind. A split stack's own row is
    'split' and quarantined rows are 'quarantined': neither counts; the parts do."""
    return exists().where(DocumentRecord.dossier_id == DossierRecord.id, *_digitized(kind))


def strict_procedures(settings: RatesSettings) -> Select[int]:
    """Procedures under "all required" that list at least one component; under any other
    rule, or listing none, one digitized intake document is enough."""
    rule = func.coalesce(ProcedureRecord.intake_rule, settings.default_intake_rule.value)
    return select(ProcedureRecord.id).where(
        rule == IntakeRule.ALL_REQUIRED.value,
        exists().where(ProcedureComponentRecord.procedure_id == ProcedureRecord.id),
    )


def components_not_digitized() -> Select[int, str]:
    """(dossier id, component name) for each component a dossier's procedure lists and
    none of the dossier's digitized intake documents is; the caller narrows the dossiers."""
    return (
        select(DossierRecord.id, ProcedureComponentRecord.name)
        .join(
            ProcedureComponentRecord,
            ProcedureComponentRecord.procedure_id == DossierRecord.procedure_id,
        )
        .where(~_component_digitized())
        .order_by(DossierRecord.id, ProcedureComponentRecord.name)
    )


def _components_digitized(settings: RatesSettings) -> ColumnElement[bool]:
    missing_one = exists().where(
        ProcedureComponentRecord.procedure_id == DossierRecord.procedure_id,
        ~_component_digitized(),
    )
    return case(
        (DossierRecord.procedure_id.in_(strict_procedures(settings)), ~missing_one),
        else_=true(),
    )


def _component_digitized() -> ColumnElement[bool]:
    return (
        exists()
        .where(
            DocumentRecord.dossier_id == DossierRecord.id,
            *_digitized(DocumentKind.INTAKE),
            DocumentRecord.component == ProcedureComponentRecord.name,
        )
        .correlate_except(DocumentRecord)
    )


def _digitized(kind: DocumentKind) -> tuple[ColumnElement[bool], ...]:
    """Written as constants, not parameters, so that the partial indexes
    `ix_documents_digitized_intake` and `..._result` match the query on both databases."""
    return (
        DocumentRecord.status == literal_column(f"'{DocumentStatus.DIGITIZED.value}'"),
        DocumentRecord.kind == literal_column(f"'{kind.value}'"),
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
