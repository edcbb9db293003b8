"""The rates report laid out for the dashboard: a table per group, each row's cells and the
links into the dossiers a row leaves out."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from reports.rates_labels import (
    GROUP_HEADERS,
    RATE_NAMES,
    describe_group,
    format_integer,
    pick_rate,
    rate_figures,
)
from reports.rates_model import GroupRates, Rate, RatesReport
from service.web.auditor_missing import Lacking
from service.web.auditor_period import RatesQuery

MISSING_PATH = "/auditor/rates/missing"


@dataclass(frozen=True)
class RateCells:
    numerator: str
    denominator: str
    percent: str
    points: str
    reached: bool | None
    """At or above the full-points rate; None when not applicable."""


@dataclass(frozen=True)
class LackingLink:
    count: str
    url: str | None
    """None when nothing is missing."""


@dataclass(frozen=True)
class RatesRow:
    label: str
    """The group as people read it: a unit's or procedure's name, a month, a channel."""
    rates: tuple[RateCells, ...]
    lacking_intake: LackingLink
    lacking_result: LackingLink
    total: bool = False
    code: str | None = None
    """The unit's or procedure's code, shown beside its name; None when the label is it."""


@dataclass(frozen=True)
class RatesTable:
    title: str | None
    header: str
    rows: tuple[RatesRow, ...]


def rates_tables(report: RatesReport, query: RatesQuery) -> list[RatesTable]:
    """One table without a second grouping; with one, a table per group of the first."""
    if report.then_by is None:
        rows = [_row(report, query, group) for group in report.groups]
        rows.append(_row(report, query, report.total))
        return [RatesTable(None, GROUP_HEADERS[report.grouping], tuple(rows))]
    tables: dict[str, list[RatesRow]] = {}
    titles: dict[str, str] = {}
    for group in report.groups:
        tables.setdefault(group.group, []).append(_row(report, query, group))
        titles[group.group] = _named(describe_group(group.group, report.grouping), group.group_name)
    header = GROUP_HEADERS[report.then_by]
    first = GROUP_HEADERS[report.grouping]
    shown = [
        RatesTable(f"{first}: {titles[title]}", header, tuple(rows))
        for title, rows in tables.items()
    ]
    total = RatesTable(None, GROUP_HEADERS[None], (_row(report, query, report.total),))
    return [*shown, total]


def flattened(report: RatesReport) -> RatesReport:
    """With a second grouping, each group labelled "group / subgroup", as the exports (which
    know one grouping) can show it."""
    if report.then_by is None:
        return report
    groups = tuple(
        dataclasses.replace(
            group,
            group=f"{group.group} / {group.subgroup}",
            subgroup=None,
            group_name=_flat_name(group),
            subgroup_name=None,
        )
        for group in report.groups
    )
    return dataclasses.replace(report, groups=groups, then_by=None)


def _flat_name(group: GroupRates) -> str | None:
    """ "name / subgroup" when either part has a name (the code stands in for the other)."""
    if not group.group_name and not group.subgroup_name:
        return None
    return f"{group.group_name or group.group} / {group.subgroup_name or group.subgroup}"


def _named(label: str, name: str | None) -> str:
    return f"{name} ({label})" if name else label


def _row(report: RatesReport, query: RatesQuery, group: GroupRates) -> RatesRow:
    total = group is report.total
    code = None
    if total:
        label = group.group
    elif group.subgroup is not None:
        label = group.subgroup_name or describe_group(group.subgroup, report.then_by)
        code = group.subgroup if group.subgroup_name else None
    else:
        label = group.group_name or describe_group(group.group, report.grouping)
        code = group.group if group.group_name else None
    cells = tuple(_cells(report, pick_rate(group, name)) for name in RATE_NAMES)
    where = {} if total else {"group": group.group, "sub": group.subgroup}
    return RatesRow(
        label=label,
        rates=cells,
        lacking_intake=_lacking(query, group.intake, Lacking.INTAKE, where),
        lacking_result=_lacking(query, group.result, Lacking.RESULT, where),
        total=total,
        code=code,
    )


def _cells(report: RatesReport, rate: Rate) -> RateCells:
    percent = rate.percent
    numerator, denominator, shown, points = rate_figures(report, rate)
    return RateCells(
        numerator=numerator,
        denominator=denominator,
        percent=shown,
        points=points,
        reached=None if percent is None else percent >= report.full_points_at,
    )


def _lacking(
    query: RatesQuery, rate: Rate, lacking: Lacking, where: dict[str, str | None]
) -> LackingLink:
    count = rate.denominator - rate.numerator
    url = query.url(MISSING_PATH, lacking=lacking.value, **where) if count else None
    return LackingLink(format_integer(count), url)
