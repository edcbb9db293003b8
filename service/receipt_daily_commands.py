"""`sohoa receipts daily`: the day's summaries of receipts for the tax authority, made,
signed and delivered (`receipt_counter/daily_data.py`)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from service.cli_table import print_json
from service.errors import command
from service.formats import vn_count
from service.i18n import _
from service.record_access import cli_actor, opened_record

if TYPE_CHECKING:
    from receipt_counter.daily_data import SeriesDay

console = Console(highlight=False, markup=False, soft_wrap=True)


def register(receipts: typer.Typer) -> None:
    """Adds `daily` to `sohoa receipts`."""
    receipts.command(
        "daily",
        help=_(
            "Make, sign and deliver each series' summary of a day's receipts for the tax "
            "authority (default: yesterday, Vietnam time); a day delivered before is not "
            "delivered again."
        ),
    )(command(daily))


def daily(
    day: Annotated[
        str | None,
        typer.Option("--date", help=_("The day, DD/MM/YYYY or YYYY-MM-DD; default: yesterday.")),
    ] = None,
    series: Annotated[str | None, typer.Option("--series", help=_("Only this series."))] = None,
    json_out: Annotated[bool, typer.Option("--json", help=_("The result as JSON."))] = False,
) -> None:
    from receipt_counter.daily_data import deliver_daily_data, vietnam_today

    chosen = parse_day(day) if day is not None else vietnam_today() - dt.timedelta(days=1)
    with opened_record() as record:
        done = deliver_daily_data(record, chosen, cli_actor(), series=series)
    if json_out:
        print_json([_as_dict(item) for item in done])
        return
    if not done:
        console.print(_("There is no receipt series."))
    for item in done:
        console.print(_said(item))


def parse_day(text: str) -> dt.date:
    """DD/MM/YYYY (as Vietnamese write dates) or YYYY-MM-DD."""
    from config import ConfigError

    for pattern in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(text.strip(), pattern).date()
        except ValueError:
            continue
    raise ConfigError(
        f"A day must read DD/MM/YYYY or YYYY-MM-DD: got {text}.",
        code="receipt_daily.day_invalid",
        params={"day": text},
    )


def _said(item: SeriesDay) -> str:
    from receipt_counter.daily_data import Outcome

    values = {"series": item.series_symbol, "form": item.form_symbol, "day": f"{item.day:%d/%m/%Y}"}
    if item.outcome == Outcome.DELIVERED:
        return _(
            "{form} {series}, {day}: delivered {file} ({issued} issued, {cancelled} cancelled, "
            "{replacements} replacements) to {where}."
        ).format(
            **values,
            file=item.file,
            where=item.delivered_to,
            issued=vn_count(item.counts.get("issued", 0)),
            cancelled=vn_count(item.counts.get("cancelled", 0)),
            replacements=vn_count(item.counts.get("replacement", 0)),
        )
    if item.outcome == Outcome.DELIVERED_BEFORE:
        return _("{form} {series}, {day}: delivered before ({file}); nothing written.").format(
            **values, file=item.file
        )
    if item.outcome == Outcome.STILL_ISSUING:
        return _(
            "{form} {series}, {day}: a receipt of that day is still being issued; nothing "
            "delivered, run again later."
        ).format(**values)
    return _("{form} {series}, {day}: no receipts, so no summary.").format(**values)


def _as_dict(item: SeriesDay) -> dict[str, object]:
    return {
        "form": item.form_symbol,
        "series": item.series_symbol,
        "day": item.day.isoformat(),
        "outcome": item.outcome.value,
        "file": item.file,
        "delivered_to": item.delivered_to,
        "lines": dict(item.counts),
    }
