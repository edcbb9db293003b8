"""The rates dashboard: the table, its chart, its exports and the drill-down into the
dossiers each row leaves out."""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import Response

from queries.missing import MissingRequest, UnknownGroupError, missing_page
from queries.rates import compute_rates, group_names
from reports.rates_charts import rates_chart_bytes
from reports.rates_export import ExportFormat, rates_export_bytes
from reports.rates_labels import (
    BY_GROUPING,
    CHART_TITLES,
    GROUP_HEADERS,
    RATE_TITLES,
    describe_group,
    describe_missing,
    describe_period,
    list_notes,
    waiting_line,
)
from reports.rates_model import Grouping, RatesReport
from service.trail_proof_line import trail_proof_line
from service.web.auditor_downloads import recorded_attachment
from service.web.auditor_missing import Lacking
from service.web.auditor_period import RatesForm, RatesQuery, quick_periods, rates_form, today
from service.web.auditor_rates_view import flattened, rates_tables
from service.web.context import web_context
from service.web.pages import render
from service.web.paging import Paged
from service.web.roles import Auditor
from store.database import Store

router = APIRouter()
Form = Annotated[RatesForm, Depends(rates_form)]
LACKING_TITLES = {
    Lacking.ANY: "Hồ sơ chưa số hóa đầy đủ",
    Lacking.INTAKE: "Hồ sơ chưa số hóa thành phần khi tiếp nhận",
    Lacking.RESULT: "Hồ sơ chưa số hóa kết quả giải quyết",
}


@router.get("/auditor/rates")
def rates_page(request: Request, user: Auditor, form: Form) -> Response:
    query = form.query
    shown: dict[str, Any] = {
        "form": form,
        "query": query,
        "groupings": list(Grouping),
        "group_names": GROUP_HEADERS,
        "rate_titles": RATE_TITLES,
        "quick": [(name, RatesQuery(start, end)) for name, start, end in quick_periods(today())],
    }
    if query is None:
        return render(request, "auditor/rates.html", user, 400, error=form.error, **shown)
    report = _report(request, query)
    return render(
        request,
        "auditor/rates.html",
        user,
        report=report,
        period=describe_period(report),
        title=f"Tỷ lệ số hóa {BY_GROUPING[report.grouping]}",
        tables=rates_tables(report, query),
        notes=list_notes(report),
        waiting=waiting_line(report),
        chart_title=CHART_TITLES[query.rate],
        heading=web_context(request).back.settings.rates.report,
        **shown,
    )


@router.get("/auditor/rates/chart.png")
def rates_chart(request: Request, user: Auditor, form: Form) -> Response:
    query = form.required()
    report = flattened(_report(request, query, proven=False))
    return Response(rates_chart_bytes(report, what=query.rate), media_type="image/png")


@router.get("/auditor/rates/export")
def rates_export(
    request: Request,
    user: Auditor,
    form: Form,
    format: Annotated[ExportFormat, Query()] = "xlsx",
    agency: Annotated[str, Query(max_length=300)] = "",
    signer: Annotated[str, Query(max_length=200)] = "",
    place: Annotated[str, Query(max_length=100)] = "",
    number: Annotated[str, Query(max_length=20)] = "",
    abbreviation: Annotated[str, Query(max_length=40)] = "",
) -> Response:
    query = form.required()
    report = flattened(_report(request, query))
    heading = web_context(request).back.settings.rates.report.given(
        agency=agency, place=place, number=number, agency_abbreviation=abbreviation
    )
    content = rates_export_bytes(report, format, heading=heading, signer=signer)
    name = f"ty-le-so-hoa-{query.start}-{query.end}.{format}"
    return recorded_attachment(
        web_context(request).back.store,
        user,
        "rates",
        content,
        name,
        start=str(query.start),
        end=str(query.end),
        by=query.by,
        then=query.then,
    )


@router.get("/auditor/rates/missing")
def missing_list(
    request: Request,
    user: Auditor,
    form: Form,
    page: Paged,
    lacking: Annotated[Lacking, Query()] = Lacking.ANY,
    group: Annotated[str | None, Query(max_length=400)] = None,
    sub: Annotated[str | None, Query(max_length=400)] = None,
) -> Response:
    query = form.required()
    wanted = MissingRequest(query.start, query.end, lacking.missing, _cell(query, group, sub))
    back = web_context(request).back
    try:
        rows = missing_page(back.store, back.settings.rates, wanted, page.offset, page.fetch)
    except UnknownGroupError:
        raise HTTPException(404, "Kỳ báo cáo không có nhóm này.") from None
    page, dossiers = page.cut(rows)
    return render(
        request,
        "auditor/missing.html",
        user,
        query=query,
        page=page,
        dossiers=dossiers,
        title=LACKING_TITLES[lacking],
        lacking=lacking,
        lacking_titles=LACKING_TITLES,
        cell=[
            (GROUP_HEADERS[grouping], _named(back.store, grouping, label))
            for grouping, label in wanted.groups
        ],
        period=f"Từ ngày {query.start:%d/%m/%Y} đến ngày {query.end:%d/%m/%Y}",
        here={"group": group, "sub": sub},
        describe_missing=describe_missing,
    )


def _named(store: Store, grouping: Grouping, label: str) -> str:
    """A unit or procedure as "name (code)" when it has a name; other groups described."""
    described = describe_group(label, grouping)
    name = group_names(store, grouping).get(label)
    return f"{name} ({described})" if name else described


def _report(request: Request, query: RatesQuery, proven: bool = True) -> RatesReport:
    """The rates; `proven`: with the audit trail's proof (for what a person reads)."""
    back = web_context(request).back
    report = compute_rates(
        back.store, back.settings.rates, query.start, query.end, query.by, query.then
    )
    return replace(report, trail_proof=trail_proof_line(back)) if proven else report


def _cell(
    query: RatesQuery, group: str | None, sub: str | None
) -> tuple[tuple[Grouping, str], ...]:
    """The groupings of the report with the labels of the row drilled into."""
    if group is None:
        return ()
    if query.by is None or (sub is not None and query.then is None):
        raise HTTPException(400, "Nhóm được chọn không khớp với cách nhóm của báo cáo.")
    cell = [(query.by, group)]
    if sub is not None and query.then is not None:
        cell.append((query.then, sub))
    return tuple(cell)
