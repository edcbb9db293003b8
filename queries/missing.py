"""The drill-down under the rates: which dossiers of a period lack digitization, and what.

Exactly the dossiers the rates leave out of their numerators (see `queries.digitization`
for the rules, the digitized rule and the result scope of the settings included): received
in the period without digitized intake papers, or resolved in the period, counted by the
result rate, and having no digitized result. Under an "all required"
procedure, the detail names the components not yet digitized. `missing_query` is the one
statement: `missing_dossiers` reads it whole (the command line's `--missing`),
`missing_page` narrows it to what is missing, to one group of the report and to a page
(the dashboard's drill-down).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TypeAlias

from sqlalchemy import ColumnElement, Select, and_, or_, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from config.rates_settings import RatesSettings
from queries.digitization import (
    components_not_digitized,
    intake_digitized,
    result_counted,
    result_digitized,
    strict_procedures,
)
from reports.rates_grouping import CHANNELS, UNKNOWN
from reports.rates_model import TIME_GROUPINGS, Grouping, Missing, MissingDossier
from reports.rates_periods import split_period, vietnam_midnight
from reports.rates_request import check_request
from store.database import Store
from store.schema import DossierRecord, ProcedureRecord, UnitRecord

NO_INTAKE = "Chưa có giấy tờ tiếp nhận nào được số hóa."
NO_RESULT = "Chưa có kết quả giải quyết được số hóa."
COMPONENTS = "Thành phần hồ sơ chưa số hóa: {}."
_CHUNK = 500

MissingQuery: TypeAlias = Select[
    int, str, str | None, str | None, datetime, datetime | None, bool, bool, str | None, str | None
]
"""Columns: dossier id, code, unit code, procedure code, received, resolved, no intake,
no result, unit name, procedure name."""
_CHANNEL_OF_LABEL = {label: channel for channel, label in CHANNELS.items()}


@dataclass(frozen=True)
class MissingRequest:
    start: date
    end: date
    only: Missing | None = None
    """What is missing: intake, result, or either (None)."""
    groups: tuple[tuple[Grouping, str], ...] = ()
    """The report's groupings with the labels of the cell drilled into, outermost first."""


class UnknownGroupError(ValueError):
    """A month or week label that is not in the period."""


def missing_dossiers(
    store: Store, settings: RatesSettings, start: date, end: date, limit: int | None = None
) -> list[MissingDossier]:
    """The dossiers missing intake or result digitization, by time received then code."""
    check_request(start, end, None, None)
    since, until = vietnam_midnight(start), vietnam_midnight(end + timedelta(days=1))
    return read_missing(store, settings, missing_query(settings, since, until).limit(limit))


def missing_page(
    store: Store, settings: RatesSettings, request: MissingRequest, offset: int, limit: int
) -> list[MissingDossier]:
    """The request's dossiers by time received, then code: rows offset … offset + limit."""
    since, until = _window(request)
    query = missing_query(settings, since, until, request.only)
    narrowed = query.where(*_in_groups(request.groups)).offset(offset).limit(limit)
    return read_missing(store, settings, narrowed)


def missing_query(
    settings: RatesSettings, since: datetime, until: datetime, only: Missing | None = None
) -> MissingQuery:
    """The dossiers of [since, until) missing `only` that digitization (either when None),
    by time received then code; a caller may narrow it further and read it a page at a time
    (`.where`, `.offset`, `.limit`), then hand it to `read_missing`."""
    no_intake = and_(
        DossierRecord.received_at >= since,
        DossierRecord.received_at < until,
        ~intake_digitized(settings),
    )
    no_result = and_(
        DossierRecord.resolved_at >= since,
        DossierRecord.resolved_at < until,
        result_counted(settings),
        ~result_digitized(settings),
    )
    wanted = {None: or_(no_intake, no_result), Missing.INTAKE: no_intake, Missing.RESULT: no_result}
    return (
        select(
            DossierRecord.id,
            DossierRecord.code,
            UnitRecord.code,
            ProcedureRecord.code,
            DossierRecord.received_at,
            DossierRecord.resolved_at,
            no_intake.label("no_intake"),
            no_result.label("no_result"),
            UnitRecord.name,
            ProcedureRecord.name,
        )
        .outerjoin(UnitRecord, UnitRecord.id == DossierRecord.unit_id)
        .outerjoin(ProcedureRecord, ProcedureRecord.id == DossierRecord.procedure_id)
        .where(wanted[only])
        .order_by(DossierRecord.received_at, DossierRecord.code)
    )


def read_missing(
    store: Store, settings: RatesSettings, query: MissingQuery
) -> list[MissingDossier]:
    """The rows of a `missing_query`, each saying what is missing."""
    with store.reading() as session:
        rows = session.execute(query).all()
        components = _components_missing(session, settings, [row[0] for row in rows if row[6]])
    return [
        MissingDossier(
            code=code,
            unit=unit,
            procedure=procedure,
            received_at=received_at,
            resolved_at=resolved_at,
            missing=(
                *((Missing.INTAKE,) if intake else ()),
                *((Missing.RESULT,) if result else ()),
            ),
            detail=_detail(intake, result, components.get(dossier_id, [])),
            unit_name=unit_name or None,
            procedure_name=procedure_name or None,
        )
        for (
            dossier_id,
            code,
            unit,
            procedure,
            received_at,
            resolved_at,
            intake,
            result,
            unit_name,
            procedure_name,
        ) in rows
    ]


def _components_missing(
    session: Session, settings: RatesSettings, dossier_ids: list[int]
) -> dict[int, list[str]]:
    """Per dossier under an "all required" procedure, its components not digitized."""
    missing: dict[int, list[str]] = defaultdict(list)
    for first in range(0, len(dossier_ids), _CHUNK):
        query = components_not_digitized(settings.digitized_rule).where(
            DossierRecord.id.in_(dossier_ids[first : first + _CHUNK]),
            DossierRecord.procedure_id.in_(strict_procedures(settings)),
        )
        for dossier_id, name in session.execute(query):
            missing[dossier_id].append(name)
    return missing


def _detail(intake: bool, result: bool, components: list[str]) -> str:
    sentences = []
    if intake:
        sentences.append(COMPONENTS.format("; ".join(components)) if components else NO_INTAKE)
    if result:
        sentences.append(NO_RESULT)
    return " ".join(sentences)


def _window(request: MissingRequest) -> tuple[datetime, datetime]:
    """The period, or the month or week drilled into (clipped to the period)."""
    for grouping, label in request.groups:
        if grouping in TIME_GROUPINGS:
            for bucket in split_period(request.start, request.end, grouping):
                if bucket.label == label:
                    return bucket.since, bucket.until
            raise UnknownGroupError(label)
    return vietnam_midnight(request.start), vietnam_midnight(request.end + timedelta(days=1))


def _in_groups(groups: tuple[tuple[Grouping, str], ...]) -> list[ColumnElement[bool]]:
    """The conditions that keep the dossiers the report labels so (see `rates_grouping`)."""
    conditions: list[ColumnElement[bool]] = []
    for grouping, label in groups:
        if grouping is Grouping.UNIT:
            named = (UnitRecord.id, UnitRecord.code)
            conditions.append(_labelled(DossierRecord.unit_id, named, label))
        elif grouping is Grouping.PROCEDURE:
            named = (ProcedureRecord.id, ProcedureRecord.code)
            conditions.append(_labelled(DossierRecord.procedure_id, named, label))
        elif grouping is Grouping.FIELD:
            named = (ProcedureRecord.id, ProcedureRecord.field)
            conditions.append(_labelled(DossierRecord.procedure_id, named, label))
        elif grouping is Grouping.CHANNEL:
            conditions.append(DossierRecord.channel == _CHANNEL_OF_LABEL.get(label, label))
    return conditions


def _labelled(
    key: InstrumentedAttribute[int | None],
    named: tuple[InstrumentedAttribute[int], InstrumentedAttribute[str]],
    label: str,
) -> ColumnElement[bool]:
    """The dossier's unit or procedure (`key`) is the one whose `named` column reads
    `label`; the unknown label takes a dossier without one, or one named "" (the report's
    labeller shows both as unknown)."""
    ident, name = named
    if label != UNKNOWN:
        return key.in_(select(ident).where(name == label))
    return or_(key.is_(None), key.in_(select(ident).where(or_(name.is_(None), name == ""))))
