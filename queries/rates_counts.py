"""The SQL of the rates: two GROUP BY queries that count dossiers, never a row per dossier.

- `received_query`: the dossiers received in the period, counted by group and by what was
  found (`Found`, flags packed in one integer): intake digitized when a tag is enough and
  when a verified signature is needed, whether a written result is required, the result
  digitized under both rules, whether the dossier was still unresolved at the end of its
  bucket and of the period, and whether it reuses an already-digitized document (under
  both rules). The intake rate, the full rate, the reuse rate and the dossiers still
  waiting for a result come from these counts.
- `resolved_query`: the dossiers resolved in the period that the result rate counts (all,
  or those whose procedure requires a written result: `result_scope`), by group and by
  "result digitized" under both rules.

Both rules are always counted, so that every report shows the tagged and the signed
figures; the settings' `digitized_rule` picks the one the rates use.

A dossier is placed in a month or week by joining a small calendar of [since, until) UTC
ranges (see `rates_periods`); without a time grouping the calendar has one row, the
period. The dossiers are read through the covering indexes `ix_dossiers_received_rates` and
`ix_dossiers_resolved_rates`; whether a dossier has a digitized intake paper or result is
`queries.digitization`, one seek in the partial index `ix_documents_digitized_intake` or
`..._result`. The same statements run on SQLite and PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import IntFlag
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

from config.rates_settings import DigitizedRule, RatesSettings
from queries.digitization import (
    intake_digitized,
    result_counted,
    result_digitized,
    reuse_level,
)
from reports.rates_model import TIME_GROUPINGS, Grouping
from reports.rates_periods import Bucket
from store.schema import DossierRecord, UtcDateTime

CountQuery: TypeAlias = Select[*tuple[Any, ...]]


class Found(IntFlag):
    """What the queries find for a dossier, packed in one `found` column: a GROUP BY on one
    small integer costs less than on a column per flag."""

    INTAKE_TAGGED = 1  # intake digitized, a tag being enough
    INTAKE_SIGNED = 2  # intake digitized, a verified signature being needed
    NEEDS_RESULT = 4  # its procedure requires a written result
    RESULT_TAGGED = 8  # (where needed, for a received dossier) its result digitized, tagged
    RESULT_SIGNED = 16  # likewise, signed and verified
    OPEN = 32  # not resolved by the end of its bucket
    OPEN_AT_END = 64  # not resolved by the end of the period
    REUSED_TAGGED = 128  # reuses at least one digitized document of another dossier
    REUSED_SIGNED = 256  # likewise, that document signed and verified (so 3 × 128 in all)


def received_query(
    settings: RatesSettings, buckets: Sequence[Bucket], groupings: Sequence[Grouping]
) -> CountQuery:
    """Columns: one key per grouping, found (a `Found`), dossiers."""
    calendar = calendar_of(buckets)
    resolved_at = DossierRecord.resolved_at
    needed = DossierRecord.result_required == true()
    found = {
        Found.INTAKE_TAGGED: intake_digitized(settings, DigitizedRule.TAGGED),
        Found.INTAKE_SIGNED: intake_digitized(settings, DigitizedRule.TAGGED_AND_SIGNED),
        Found.NEEDS_RESULT: needed,
        **{flag: case((needed, result), else_=false()) for flag, result in _results(settings)},
        Found.OPEN: or_(resolved_at.is_(None), resolved_at >= calendar.c.until),
        Found.OPEN_AT_END: or_(resolved_at.is_(None), resolved_at >= buckets[-1].until),
    }
    # Both reuse flags from one subquery: its level 1 is REUSED_TAGGED, 3 both of them.
    reused = reuse_level() * Found.REUSED_TAGGED.value
    return _counted(
        select(*_keys(calendar, groupings), _packed(found, reused))
        .select_from(calendar)
        .join(DossierRecord, within(DossierRecord.received_at, calendar))
    )


def resolved_query(
    settings: RatesSettings, buckets: Sequence[Bucket], groupings: Sequence[Grouping]
) -> CountQuery:
    """Columns: one key per grouping, found (a `Found`: the result flags), dossiers."""
    calendar = calendar_of(buckets)
    return _counted(
        select(*_keys(calendar, groupings), _packed(dict(_results(settings))))
        .select_from(calendar)
        .join(DossierRecord, within(DossierRecord.resolved_at, calendar))
        .where(result_counted(settings))
    )


def _results(settings: RatesSettings) -> list[tuple[Found, ColumnElement[bool]]]:
    return [
        (Found.RESULT_TAGGED, result_digitized(settings, DigitizedRule.TAGGED)),
        (Found.RESULT_SIGNED, result_digitized(settings, DigitizedRule.TAGGED_AND_SIGNED)),
    ]


def _packed(
    found: dict[Found, ColumnElement[bool]], *flags: ColumnElement[int]
) -> ColumnElement[int]:
    """The flags whose condition holds, added up with `flags` (already flag values): one
    integer a dossier."""
    terms: list[ColumnElement[int]] = [
        case((condition, flag.value), else_=0) for flag, condition in found.items()
    ]
    terms += flags
    return sum(terms[1:], terms[0]).label("found")


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
