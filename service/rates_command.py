"""`sohoa rates`: digitization rates for a period, grouped, in the format the auditor needs."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

import typer
from rich.console import Console

from service.cli_table import key, table
from service.cli_words import word
from service.i18n import _
from service.rates_files import write_rates_file

if TYPE_CHECKING:
    from config.rates_settings import Decree30ReportSettings
    from reports.rates_model import MissingDossier, Rate, RatesReport
    from reports.trail_proof import TrailProof

console = Console(highlight=False, markup=False, soft_wrap=True)

Format = Literal["table", "csv", "xlsx", "docx", "json"]
By = Literal["unit", "procedure", "field", "channel", "month", "week"]


def rates(
    start: Annotated[
        str | None,
        typer.Option("--from", help=_("First day, YYYY-MM-DD; default: last month.")),
    ] = None,
    end: Annotated[str | None, typer.Option("--to", help=_("Last day, YYYY-MM-DD."))] = None,
    by: Annotated[By | None, typer.Option("--by", help=_("Group the rates."))] = None,
    output_format: Annotated[
        Format, typer.Option("--format", help=_("Output format (json: for scripts)."))
    ] = "table",
    missing: Annotated[
        bool,
        typer.Option("--missing", help=_("Also list the dossiers that pull the rates down.")),
    ] = False,
    output: Annotated[Path | None, typer.Option("-o", "--output", help=_("File to write."))] = None,
    agency: Annotated[
        str, typer.Option("--agency", help=_("DOCX: the reporting agency, as headed."))
    ] = "",
    signer: Annotated[str, typer.Option("--signer", help=_("DOCX: who signs the report."))] = "",
    place: Annotated[
        str, typer.Option("--place", help=_("DOCX: the place before the date (địa danh)."))
    ] = "",
    number: Annotated[
        str, typer.Option("--number", help=_("DOCX: the report's number, e.g. 05."))
    ] = "",
    abbreviation: Annotated[
        str,
        typer.Option(
            "--abbreviation", help=_("DOCX: the agency's abbreviation after BC- in the number.")
        ),
    ] = "",
    chart: Annotated[
        Path | None,
        typer.Option("--chart", help=_("Also draw the rates per group: a .png or .svg file.")),
    ] = None,
    json_out: Annotated[bool, typer.Option("--json", help=_("The same as --format json."))] = False,
) -> None:
    from audit_trail.checkpoints import trail_proof
    from audit_trail.export_record import record_export
    from config import ConfigError, load_settings
    from queries.missing import missing_dossiers
    from queries.rates import compute_rates
    from reports.rates_model import Grouping
    from reports.trail_proof import describe_trail_proof
    from service.record_access import cli_actor, opened_record

    period = _period(start, end)
    if json_out:
        output_format = "json"
    if output_format in ("csv", "xlsx", "docx") and output is None:
        raise ConfigError(
            f"--format {output_format} writes a file: give -o FILE.",
            code="cli.rates_file_needed",
            params={"format": output_format},
        )
    settings = load_settings()
    with opened_record() as record:
        store = record.store
        grouping = Grouping(by) if by is not None else None
        report = compute_rates(store, settings.rates, *period, grouping)
        proof = trail_proof(record)
        report = replace(report, trail_proof=describe_trail_proof(proof))
        lacking = missing_dossiers(store, settings.rates, *period) if missing else []
        heading = settings.rates.report.given(
            agency=agency, place=place, number=number, agency_abbreviation=abbreviation
        )
        _deliver(report, lacking, proof, output_format, output, heading, signer)
        details = {"start": str(period[0]), "end": str(period[1]), "by": by}
        if output is not None:
            record_export(store, "rates", output, cli_actor(), format=output_format, **details)
        if chart is not None:
            from reports.rates_charts import chart_format, rates_chart_bytes

            image_format = chart_format(chart)
            for what in ("intake", "result", "full", "reuse"):
                drawn = rates_chart_bytes(report, what=what, image_format=image_format)
                write_rates_file(_chart_path(chart, what), drawn)
                record_export(store, "rates_chart", _chart_path(chart, what), cli_actor(),
                              rate=what, **details)  # fmt: skip


def _chart_path(chart: Path, what: str) -> Path:
    """One chart a rate: ty-le.png gives ty-le-intake.png, ty-le-result.png, ty-le-full.png,
    ty-le-reuse.png."""
    return chart.with_name(f"{chart.stem}-{what}{chart.suffix}")


def _period(start: str | None, end: str | None) -> tuple[date, date]:
    from config import ConfigError
    from service.time_format import parse_period

    if start is None and end is None:
        last_month_end = date.today().replace(day=1) - timedelta(days=1)
        return last_month_end.replace(day=1), last_month_end
    if start is None or end is None:
        raise ConfigError(
            "Give both --from and --to, or neither (last month).", code="cli.period_half"
        )
    return parse_period(start, end)


def _deliver(
    report: RatesReport,
    lacking: list[MissingDossier],
    proof: TrailProof,
    output_format: Format,
    output: Path | None,
    heading: Decree30ReportSettings,
    signer: str,
) -> None:
    if output_format == "table":
        _print_table(report, lacking, proof)
        return
    if output_format == "json":
        text = json.dumps(_as_json(report, lacking), ensure_ascii=False, indent=2)
        if output is None:
            print(text)
        else:
            write_rates_file(output, f"{text}\n".encode())
        return
    from reports.rates_export import rates_export_bytes

    assert output is not None
    content = rates_export_bytes(
        report, output_format, missing=lacking, heading=heading, signer=signer
    )
    write_rates_file(output, content)
    console.print(_("Rates written to {file}.").format(file=output))


def _print_table(report: RatesReport, lacking: list[MissingDossier], proof: TrailProof) -> None:
    """The rates on the terminal; the reports' own sentences in the command line's language
    (the files and JSON keep the official Vietnamese)."""
    from reports.rates_labels import format_date, format_points
    from service.report_words import (
        definition_said,
        group_said,
        missing_detail_said,
        trail_proof_said,
    )

    console.print(
        _("Digitization rates from {start} to {end}").format(
            start=format_date(report.start), end=format_date(report.end)
        )
    )
    headings = (key(_("group")), _("intake"), _("result"), _("fully digitized"), _("reused"))
    rows = [
        (group_said(group.group, report.grouping), _cell(group.intake),
         _cell(group.result), _cell(group.full), _cell(group.reuse))
        for group in (*report.groups, report.total)
    ]  # fmt: skip
    console.print(table(headings, rows))
    _print_counts(report)
    points = report.total.intake.points(report.max_points, report.full_points_at)
    console.print(_("Points of the intake rate: {points}").format(points=format_points(points)))
    reused = report.total.reuse.points(report.max_points, report.full_points_at)
    console.print(_("Points of the reuse rate: {points}").format(points=format_points(reused)))
    for definition in report.definitions:
        console.print(f"- {definition_said(definition)}")
    console.print(trail_proof_said(proof))
    for dossier in lacking:
        missing = ", ".join(word(what) for what in dossier.missing)
        console.print(f"{dossier.code}: {missing} - {missing_detail_said(dossier.detail)}")


def _print_counts(report: RatesReport) -> None:
    """Why the full rate can be below the missing figures (one line, when it is), then both
    numerators of each rate, whatever the digitized rule in force."""
    from reports.rates_labels import RATE_NAMES, format_integer, pick_rate

    if report.total.waiting:
        console.print(
            _(
                "Waiting for a result: {count} dossiers received in the period with their "
                "intake digitized were not resolved in it, so they lower the fully digitized "
                "rate, yet are not among the dossiers missing a result (those resolved in it)."
            ).format(count=format_integer(report.total.waiting))
        )
    names = (_("intake"), _("result"), _("fully digitized"), _("reused"))
    for name, said in zip(RATE_NAMES, names, strict=True):
        rate = pick_rate(report.total, name)
        console.print(
            _(
                "{rate}: {tagged} dossiers with their documents attached, {signed} of them "
                "signed with a verified signature."
            ).format(
                rate=said,
                tagged=format_integer(rate.tagged or 0),
                signed=format_integer(rate.signed or 0),
            )
        )


def _cell(rate: Rate) -> str:
    from reports.rates_labels import format_integer
    from service.formats import vn_percent

    counts = f"{format_integer(rate.numerator)}/{format_integer(rate.denominator)}"
    return f"{vn_percent(rate.percent)} ({counts})"


def _as_json(report: RatesReport, lacking: list[MissingDossier]) -> dict[str, object]:
    def rate(value: Rate) -> dict[str, object]:
        percent = value.percent
        return {
            "numerator": value.numerator,
            "denominator": value.denominator,
            "rate": float(percent) if percent is not None else None,
            "points": _number(value.points(report.max_points, report.full_points_at)),
            "tagged": value.tagged,
            "signed": value.signed,
        }

    groups = [
        {
            "group": group.group,
            "intake": rate(group.intake),
            "result": rate(group.result),
            "full": rate(group.full),
            "reuse": rate(group.reuse),
            "waiting": group.waiting,
        }
        for group in (*report.groups, report.total)
    ]
    return {
        "from": report.start.isoformat(),
        "to": report.end.isoformat(),
        "by": report.grouping,
        "digitized_rule": "tagged_and_signed" if report.signed_rule else "tagged",
        "full_points_at": float(report.full_points_at),
        "groups": groups,
        "definitions": list(report.definitions),
        "audit_trail": report.trail_proof,
        "missing": [
            {"code": item.code, "missing": list(item.missing), "detail": item.detail}
            for item in lacking
        ],
    }


def _number(value: Decimal | None) -> float | None:
    return float(value) if value is not None else None
