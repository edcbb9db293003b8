"""The drill-down under the rates: which dossiers of a period lack digitization, and what.

Exactly the dossiers the rates leave out of their numerators (see `reports.rates` for the
rules): received in the period without digitized intake papers, or resolved in the period
needing a written result and having no digitized result. Under an "all required"
procedure, the detail names the components not yet digitized. `missing_query` is the
one statement; a caller may narrow it (what is missing, a group, a page) before
`read_missing` reads it.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timedelta
from typing import TypeAlias

from sqlalchemy import Select, and_, or_, select, true
from sqlalchemy.orm import Session

from config.rates_settings import RatesSettings
from reports.rates import check_request
from reports.rates_model import Missing, MissingDossier
from reports.rates_periods import vietnam_midnight
from reports.rates_queries import (
    components_not_digitized,
    has_digitized,
    intake_digitized,
    strict_procedures,
)
from store.database import Store
from store.schema import DossierRecord, ProcedureRecord, UnitRecord
from store.states import DocumentKind

NO_INTAKE = "Chưa có giấy tờ tiếp nhận nào được số hóa."
NO_RESULT = "Chưa có kết quả giải quyết được số hóa."
COMPONENTS = "Thành phần hồ sơ chưa số hóa: {}."
_CHUNK = 500

MissingQuery: TypeAlias = Select[
    int, str, str | None, str | None, datetime, datetime | None, bool, bool
]
"""Columns: dossier id, code, unit code, procedure code, received, resolved, no intake,
no result."""


def missing_dossiers(
    store: Store, settings: RatesSettings, start: date, end: date, limit: int | None = None
) -> list[MissingDossier]:
    """The dossiers missing intake or result digitization, by time received then code."""
    check_request(start, end, None, None)
    since, until = vietnam_midnight(start), vietnam_midnight(end + timedelta(days=1))
    return read_missing(store, settings, missing_query(settings, since, until).limit(limit))


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
        DossierRecord.result_required == true(),
        ~has_digitized(DocumentKind.RESULT),
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
        )
        for dossier_id, code, unit, procedure, received_at, resolved_at, intake, result in rows
    ]


def _components_missing(
    session: Session, settings: RatesSettings, dossier_ids: list[int]
) -> dict[int, list[str]]:
    """Per dossier under an "all required" procedure, its components not digitized."""
    missing: dict[int, list[str]] = defaultdict(list)
    for first in range(0, len(dossier_ids), _CHUNK):
        query = components_not_digitized().where(
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
