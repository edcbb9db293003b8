"""The drill-down of the rates dashboard: a page of the dossiers one cell leaves out.

The query of `reports.missing` (the same conditions as `missing_dossiers`), narrowed in SQL
to what is missing (intake, result or either) and to one group of the report, and read a
page at a time with LIMIT/OFFSET.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.orm import InstrumentedAttribute

from config.rates_settings import RatesSettings
from reports.missing import missing_query, read_missing
from reports.rates_grouping import CHANNELS, UNKNOWN
from reports.rates_model import Grouping, Missing, MissingDossier
from reports.rates_periods import split_period, vietnam_midnight
from reports.rates_queries import TIME_GROUPINGS
from store.database import Store
from store.schema import DossierRecord, ProcedureRecord, UnitRecord

_CHANNEL_OF_LABEL = {label: channel for channel, label in CHANNELS.items()}


class Lacking(StrEnum):
    ANY = "any"
    INTAKE = "intake"
    RESULT = "result"


_ONLY = {Lacking.ANY: None, Lacking.INTAKE: Missing.INTAKE, Lacking.RESULT: Missing.RESULT}


@dataclass(frozen=True)
class MissingRequest:
    start: date
    end: date
    lacking: Lacking = Lacking.ANY
    groups: tuple[tuple[Grouping, str], ...] = ()
    """The report's groupings with the labels of the cell drilled into, outermost first."""


class UnknownGroupError(ValueError):
    """A month or week label that is not in the period."""


def missing_page(
    store: Store, settings: RatesSettings, request: MissingRequest, offset: int, limit: int
) -> list[MissingDossier]:
    """The request's dossiers by time received, then code: rows offset … offset + limit."""
    since, until = _window(request)
    query = missing_query(settings, since, until, _ONLY[request.lacking])
    narrowed = query.where(*_in_groups(request.groups)).offset(offset).limit(limit)
    return read_missing(store, settings, narrowed)


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
