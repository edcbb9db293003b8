"""`sohoa receipts`: series, the fee catalogue, and receipts issued at the counter."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal, NoReturn

import typer
from rich.console import Console
from rich.table import Table

from receipts.model import format_reference
from receipts.receipt_text import format_amount
from service.cli_identity import command_actor
from service.errors import command
from service.i18n import _
from service.record_access import cli_actor, opened_record
from service.time_format import parse_period, shown

if TYPE_CHECKING:
    from accounts.users import WebUser
    from receipt_counter.errors import InvalidFeeCatalogueError
    from receipt_counter.flow import IssuedReceipt, IssueRequest
    from store.record import Record

console = Console(highlight=False, markup=False, soft_wrap=True)
app = typer.Typer(help="E-receipts for fees and charges.", no_args_is_help=True)
series_app = typer.Typer(help="Receipt series.", no_args_is_help=True)
fees_app = typer.Typer(help="The fee catalogue.", no_args_is_help=True)
app.add_typer(series_app, name="series")
app.add_typer(fees_app, name="fees")

Method = Literal["cash", "transfer", "qr"]
FeeOption = Annotated[
    list[str] | None, typer.Option("--fee", help="A procedure code from the fee catalogue.")
]
ItemOption = Annotated[
    list[str] | None, typer.Option("--item", help='A line by hand: "NAME=AMOUNT" (đồng).')
]
PayerOption = Annotated[str, typer.Option("--payer", help="Who pays (Người nộp tiền).")]
DossierOption = Annotated[str | None, typer.Option("--dossier", help="Dossier code.")]
MethodOption = Annotated[Method, typer.Option("--method", help="cash, transfer or qr.")]
JsonOption = Annotated[bool, typer.Option("--json", help="The result as JSON.")]


@series_app.command("add")
@command
def series_add(
    form: Annotated[str, typer.Option("--form", help="Form symbol, e.g. 01BLP0-001.")],
    series: Annotated[str, typer.Option("--series", help="Series symbol, e.g. BI-26T.")],
    organization: Annotated[str, typer.Option("--organization", help="Collecting body.")],
    tax_code: Annotated[str, typer.Option("--tax-code", help="Its tax code.")],
    profile: Annotated[str, typer.Option("--profile", help="Signing profile of the series.")],
    unit: Annotated[str, typer.Option("--unit", help="The unit (inbox folder name).")],
    address: Annotated[str, typer.Option("--address", help="Its address.")],
) -> None:
    """Add a receipt series; its numbers start at 1."""
    from receipt_counter.series import SeriesSpec, add_series

    spec = SeriesSpec(form, series, organization, tax_code, address, unit, profile)
    with opened_record() as record:
        add_series(record, spec, cli_actor())
    console.print(f"Series {form} {series} added for {organization}.")


@series_app.command("list")
@command
def series_list() -> None:
    """Every receipt series with the last number used."""
    from queries.receipt_series import series_rows

    with opened_record() as record:
        found = series_rows(record.store)
    table = Table("form", "series", "year", "organization", "tax code", "profile", "last number")
    for series in found:
        table.add_row(
            series.form_symbol,
            series.series_symbol,
            str(series.year),
            series.organization,
            series.tax_code,
            series.profile,
            str(series.last_number),
        )
    console.print(table)


@fees_app.command("list", help=_("The fee catalogue: the fees and charges of each procedure."))
@command
def fees_list(
    json_out: Annotated[
        bool, typer.Option("--json", help=_("The catalogue as JSON, for scripts."))
    ] = False,
) -> None:
    from queries.fees import fee_rows

    with opened_record() as record:
        fees = fee_rows(record.store)
    if json_out:
        print(json.dumps([fee.as_dict() for fee in fees], ensure_ascii=False))
        return
    if not fees:
        console.print(_("The fee catalogue is empty: load it with `sohoa receipts fees import`."))
        return
    table = Table()
    table.add_column(_("procedure (TTHC)"), overflow="fold")
    table.add_column(_("fee or charge"))
    table.add_column(_("fee kind"), no_wrap=True)
    table.add_column(_("amount in đồng"), justify="right", no_wrap=True)
    for fee in fees:
        table.add_row(fee.procedure_code, fee.name, fee.kind, format_amount(fee.amount))
    console.print(table)


@fees_app.command(
    "import",
    help=_(
        "Load or update the fee catalogue from a CSV file (procedure_code, name, kind: phí or "
        "lệ phí, amount in whole đồng). Every bad row is reported and nothing is imported "
        "while one is wrong."
    ),
)
@command
def fees_import(
    file: Annotated[Path, typer.Argument(help=_("CSV (UTF-8): procedure_code,name,kind,amount."))],
) -> None:
    from receipt_counter.errors import InvalidFeeCatalogueError
    from receipt_counter.fee_catalogue import import_fees

    with opened_record() as record:
        try:
            result = import_fees(record.store, file, cli_actor())
        except InvalidFeeCatalogueError as error:
            _report_bad_rows(error)
    console.print(
        _("{file}: {added} fees added, {changed} changed, {unchanged} unchanged.").format(
            file=file, added=result.added, changed=result.changed, unchanged=result.unchanged
        )
    )


def _report_bad_rows(error: InvalidFeeCatalogueError) -> NoReturn:
    """Each bad row on its own line, under one line saying that nothing was imported."""
    from rich.text import Text

    from service.errors import errors_console, said
    from service.i18n import ngettext

    count = int(str(error.params["count"]))
    header = ngettext(
        "{file} has {count} bad row; nothing was imported:",
        "{file} has {count} bad rows; nothing was imported:",
        count,
    ).format(file=error.params["file"], count=count)
    errors_console.print(Text.assemble((_("error:"), "bold red"), " ", header))
    for problem in error.problems:
        errors_console.print(Text(f"  {said(problem)}"))
    raise typer.Exit(int(error.exit_code))


@app.command("issue")
@command
def issue(
    series: Annotated[str, typer.Option("--series", help="Series symbol.")],
    payer: PayerOption,
    dossier: DossierOption = None,
    fee: FeeOption = None,
    item: ItemOption = None,
    method: MethodOption = "cash",
    json_out: JsonOption = False,
) -> None:
    """Issue a signed receipt as the clerk logged in (`sohoa login`): the next number of the
    series, PDF, DOCX and XML."""
    from receipt_counter.flow import issue_receipt

    request = _request(series, payer, dossier, fee, item, method)
    with opened_record() as record:
        clerk = _clerk_of_series(record, series)
        issued = issue_receipt(record, request, command_actor(clerk))
        _say_issued(record, issued, json_out)


@app.command("replace")
@command
def replace(
    series: Annotated[str, typer.Argument(help="Series symbol of the receipt replaced.")],
    number: Annotated[int, typer.Argument(help="Its number.")],
    reason: Annotated[str, typer.Option("--reason", help="Why (required).")],
    payer: PayerOption,
    dossier: DossierOption = None,
    fee: FeeOption = None,
    item: ItemOption = None,
    method: MethodOption = "cash",
    json_out: JsonOption = False,
) -> None:
    """Issue a new receipt in place of one that was wrong, as the clerk logged in; both are
    kept."""
    from receipt_counter.changes import replace_receipt

    request = _request(series, payer, dossier, fee, item, method)
    with opened_record() as record:
        clerk = _clerk_of_receipt(record, series, number)
        issued = replace_receipt(record, series, number, request, reason, command_actor(clerk))
        _say_issued(record, issued, json_out)


@app.command("cancel")
@command
def cancel(
    series: Annotated[str, typer.Argument(help="Series symbol.")],
    number: Annotated[int, typer.Argument(help="Receipt number.")],
    reason: Annotated[str, typer.Option("--reason", help="Why (required).")],
) -> None:
    """Cancel a receipt as the clerk logged in: it is kept and marked, never deleted."""
    from receipt_counter.changes import cancel_receipt

    with opened_record() as record:
        clerk = _clerk_of_receipt(record, series, number)
        cancel_receipt(record, series, number, reason, command_actor(clerk))
    console.print(f"Receipt {format_reference(series, number)} cancelled.")


@app.command("list")
@command
def list_command(
    series: Annotated[str | None, typer.Option("--series", help="Only this series.")] = None,
) -> None:
    """Receipts, newest first."""
    from queries.receipts import list_receipts

    with opened_record() as record:
        rows = list_receipts(record.store, series=series)
    table = Table("receipt", "date", "state", "payer", "dossier", "total (đồng)")
    for row in rows:
        table.add_row(
            row.reference,
            shown(row.issued_at),
            row.state,
            row.payer,
            row.dossier_code or "-",
            format_amount(row.total),
        )
    console.print(table)


@app.command("show")
@command
def show(
    series: Annotated[str, typer.Argument(help="Series symbol.")],
    number: Annotated[int, typer.Argument(help="Receipt number.")],
    json_out: Annotated[bool, typer.Option("--json", help="JSON.")] = False,
) -> None:
    """One receipt: its lines, state, files and what replaced or cancelled it."""
    from queries.receipts import receipt_by_number
    from receipt_counter.errors import ReceiptNotFoundError

    with opened_record() as record:
        view = receipt_by_number(record.store, series, number)
    if view is None:
        raise ReceiptNotFoundError(f"There is no receipt {format_reference(series, number)}.")
    if json_out:
        print(json.dumps(view.as_dict(), ensure_ascii=False, default=str))
        return
    for label, value in view.as_dict().items():
        console.print(f"{label}: {value}")


@app.command("report")
@command
def report(
    start: Annotated[str, typer.Option("--from", help="First day, YYYY-MM-DD.")],
    end: Annotated[str, typer.Option("--to", help="Last day, YYYY-MM-DD.")],
    series: Annotated[str | None, typer.Option("--series", help="Only this series.")] = None,
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Write a .csv or .xlsx file.")
    ] = None,
) -> None:
    """Numbers used per series and period: first, last, issued, cancelled, replaced, totals."""
    from audit_trail.export_record import record_export
    from queries.receipt_usage import receipt_usage
    from reports.receipt_usage_files import usage_table, write_usage
    from service.trail_proof_line import trail_proof_line

    period = parse_period(start, end)
    with opened_record() as record:
        usages = receipt_usage(record.store, *period, series)
        proof = trail_proof_line(record)
        if output is None:
            console.print(usage_table(usages))
            console.print(proof)
            return
        write_usage(usages, period, output, proof)
        record_export(record.store, "receipt_usage", output, cli_actor(),
                      start=str(period[0]), end=str(period[1]), series=series)  # fmt: skip
    console.print(f"Report written to {output}.")


def _request(
    series: str,
    payer: str,
    dossier: str | None,
    fees: list[str] | None,
    items: list[str] | None,
    method: str,
) -> IssueRequest:
    from receipt_counter.errors import ReceiptError
    from receipt_counter.flow import IssueRequest
    from receipts.model import PaymentMethod

    lines = []
    for item in items or []:
        name, _, amount = item.rpartition("=")
        try:
            lines.append((name, int(amount.replace(".", "").replace(",", "").strip())))
        except ValueError:
            raise ReceiptError(f'--item "{item}": expected NAME=AMOUNT in whole đồng.') from None
    return IssueRequest(
        series=series,
        payer=payer,
        dossier_code=dossier,
        fee_codes=tuple(fees or ()),
        items=tuple(lines),
        method=PaymentMethod(method),
    )


def _say_issued(record: Record, issued: IssuedReceipt, json_out: bool) -> None:
    if json_out:
        print(
            json.dumps(
                {
                    "number": issued.number,
                    "reference": issued.reference,
                    "total": issued.total,
                    "pdf": str(issued.files.pdf.resolve()),
                    "docx": str(issued.files.docx.resolve()),
                    "xml": str(issued.files.xml.resolve()),
                    "record_sha256": issued.files.record_sha256,
                },
                ensure_ascii=False,
            )
        )
        return
    console.print(
        f"Receipt {issued.reference} issued: {format_amount(issued.total)} đồng; "
        f"{record.layout.relative(issued.files.pdf)}"
    )


def _clerk_of_series(record: Record, series: str) -> WebUser:
    """The clerk logged in, who must work for the unit of `series` (if there is one)."""
    from queries.receipt_series import series_rows
    from service.cli_identity import acting_user, check_sees_unit
    from store.states import Role

    clerk = acting_user(record.settings, record.store, Role.CLERK)
    found = [row for row in series_rows(record.store) if row.series_symbol == series]
    if found:
        check_sees_unit(clerk, found[0].unit, f"Series {series}")
    return clerk


def _clerk_of_receipt(record: Record, series: str, number: int) -> WebUser:
    """The clerk logged in, who must work for the unit of the receipt (if there is one)."""
    from queries.receipts import receipt_by_number
    from service.cli_identity import acting_user, check_sees_unit
    from store.states import Role

    clerk = acting_user(record.settings, record.store, Role.CLERK)
    found = receipt_by_number(record.store, series, number)
    if found is not None:
        check_sees_unit(clerk, found.row.unit_id, f"Receipt {format_reference(series, number)}")
    return clerk
