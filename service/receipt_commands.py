"""`sohoa receipts`: series, the fee catalogue, and receipts issued at the counter."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal, NoReturn

import typer
from rich.console import Console

from receipts.model import format_reference
from service.cli_identity import command_actor
from service.cli_table import key, moment, number, print_json, table
from service.cli_words import word
from service.errors import command
from service.formats import vn_count, vn_money, vn_time
from service.i18n import _
from service.record_access import cli_actor, opened_record
from service.time_format import parse_period

if TYPE_CHECKING:
    from accounts.users import WebUser
    from queries.receipts import ReceiptView
    from receipt_counter.errors import InvalidFeeCatalogueError
    from receipt_counter.flow import IssuedReceipt, IssueRequest
    from reports.receipt_usage_model import SeriesUsage
    from reports.trail_proof import TrailProof
    from store.record import Record

console = Console(highlight=False, markup=False, soft_wrap=True)
app = typer.Typer(help=_("E-receipts for fees and charges."), no_args_is_help=True)
series_app = typer.Typer(help=_("Receipt series."), no_args_is_help=True)
fees_app = typer.Typer(help=_("The fee catalogue."), no_args_is_help=True)
app.add_typer(series_app, name="series")
app.add_typer(fees_app, name="fees")

Method = Literal["cash", "transfer", "qr"]
FeeOption = Annotated[
    list[str] | None, typer.Option("--fee", help=_("A procedure code from the fee catalogue."))
]
ItemOption = Annotated[
    list[str] | None, typer.Option("--item", help=_('A line by hand: "NAME=AMOUNT" (đồng).'))
]
PayerOption = Annotated[str, typer.Option("--payer", help=_("Who pays (Người nộp tiền)."))]
DossierOption = Annotated[str | None, typer.Option("--dossier", help=_("Dossier code."))]
MethodOption = Annotated[Method, typer.Option("--method", help=_("cash, transfer or qr."))]
JsonOption = Annotated[bool, typer.Option("--json", help=_("The result as JSON."))]
SeriesArgument = Annotated[str, typer.Argument(help=_("Series symbol."))]
NumberArgument = Annotated[int, typer.Argument(help=_("Receipt number."))]
ReasonOption = Annotated[str, typer.Option("--reason", help=_("Why (required)."))]


@series_app.command("add", help=_("Add a receipt series; its numbers start at 1."))
@command
def series_add(
    form: Annotated[str, typer.Option("--form", help=_("Form symbol, e.g. 01BLP0-001."))],
    series: Annotated[str, typer.Option("--series", help=_("Series symbol, e.g. BI-26T."))],
    organization: Annotated[str, typer.Option("--organization", help=_("Collecting body."))],
    tax_code: Annotated[str, typer.Option("--tax-code", help=_("Its tax code."))],
    profile: Annotated[str, typer.Option("--profile", help=_("Signing profile of the series."))],
    unit: Annotated[str, typer.Option("--unit", help=_("The unit (inbox folder name)."))],
    address: Annotated[str, typer.Option("--address", help=_("Its address."))],
    kind: Annotated[
        str,
        typer.Option(
            "--kind",
            help=_(
                "The kind of receipt, printed as its title; by default the tax authority's "
                "name for receipts without a printed value."
            ),
        ),
    ] = "",
) -> None:
    from receipt_counter.series import SeriesSpec, add_series

    spec = SeriesSpec(form, series, organization, tax_code, address, unit, profile, kind)
    with opened_record() as record:
        add_series(record, spec, cli_actor())
    console.print(
        _("Series {form} {series} added for {organization}.").format(
            form=form, series=series, organization=organization
        )
    )


@series_app.command("list", help=_("Every receipt series with the last number used."))
@command
def series_list(json_out: JsonOption = False) -> None:
    from queries.receipt_series import series_rows

    with opened_record() as record:
        found = series_rows(record.store)
    if json_out:
        print_json([
            {"form": series.form_symbol, "series": series.series_symbol, "year": series.year,
             "organization": series.organization, "tax_code": series.tax_code,
             "unit": series.unit, "profile": series.profile, "last_number": series.last_number,
             "kind": series.kind_name}
            for series in found
        ])  # fmt: skip
        return
    headings = (key(_("form")), key(_("series")), _("year"), _("organization"),
                key(_("tax code")), key(_("profile")), number(_("last number")))  # fmt: skip
    rows = [
        (series.form_symbol, series.series_symbol, series.year, series.organization,
         series.tax_code, series.profile, vn_count(series.last_number))
        for series in found
    ]  # fmt: skip
    console.print(table(headings, rows))


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
        print_json([fee.as_dict() for fee in fees])
        return
    if not fees:
        console.print(_("The fee catalogue is empty: load it with `sohoa receipts fees import`."))
        return
    headings = (
        key(_("procedure (TTHC)")),
        _("fee or charge"),
        _("fee kind"),
        number(_("amount in đồng")),
    )
    rows = [(fee.procedure_code, fee.name, fee.kind, vn_count(fee.amount)) for fee in fees]
    console.print(table(headings, rows))


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


@app.command(
    "issue",
    help=_(
        "Issue a signed receipt as the clerk logged in (`sohoa login`): the next number of "
        "the series, PDF, DOCX and XML."
    ),
)
@command
def issue(
    series: Annotated[str, typer.Option("--series", help=_("Series symbol."))],
    payer: PayerOption,
    dossier: DossierOption = None,
    fee: FeeOption = None,
    item: ItemOption = None,
    method: MethodOption = "cash",
    json_out: JsonOption = False,
) -> None:
    from receipt_counter.flow import issue_receipt

    request = _request(series, payer, dossier, fee, item, method)
    with opened_record() as record:
        clerk = _clerk_of_series(record, series)
        issued = issue_receipt(record, request, command_actor(clerk))
        _say_issued(record, issued, json_out)


@app.command(
    "replace",
    help=_(
        "Issue a new receipt in place of one that was wrong, as the clerk logged in; both are kept."
    ),
)
@command
def replace(
    series: Annotated[str, typer.Argument(help=_("Series symbol of the receipt replaced."))],
    number: Annotated[int, typer.Argument(help=_("Its number."))],
    reason: ReasonOption,
    payer: Annotated[
        str,
        typer.Option(
            "--payer", help=_("Who pays (Người nộp tiền); by default the replaced receipt's.")
        ),
    ] = "",
    dossier: Annotated[
        str | None,
        typer.Option("--dossier", help=_("Dossier code; by default the replaced receipt's.")),
    ] = None,
    fee: FeeOption = None,
    item: ItemOption = None,
    method: MethodOption = "cash",
    json_out: JsonOption = False,
) -> None:
    from receipt_counter.changes import replace_receipt

    request = _request(series, payer, dossier, fee, item, method)
    with opened_record() as record:
        clerk = _clerk_of_receipt(record, series, number)
        issued = replace_receipt(record, series, number, request, reason, command_actor(clerk))
        _say_issued(record, issued, json_out)


@app.command(
    "cancel",
    help=_("Cancel a receipt as the clerk logged in: it is kept and marked, never deleted."),
)
@command
def cancel(series: SeriesArgument, number: NumberArgument, reason: ReasonOption) -> None:
    from receipt_counter.changes import cancel_receipt

    with opened_record() as record:
        clerk = _clerk_of_receipt(record, series, number)
        cancel_receipt(record, series, number, reason, command_actor(clerk))
    console.print(
        _("Receipt {receipt} cancelled.").format(receipt=format_reference(series, number))
    )


@app.command("list", help=_("Receipts, newest first."))
@command
def list_command(
    series: Annotated[str | None, typer.Option("--series", help=_("Only this series."))] = None,
    json_out: JsonOption = False,
) -> None:
    from queries.receipts import list_receipts

    with opened_record() as record:
        rows = list_receipts(record.store, series=series)
    if json_out:
        print_json([
            {"receipt": row.reference, "form": row.form_symbol, "series": row.series_symbol,
             "number": row.number, "issued_at": row.issued_at.isoformat(), "state": row.state,
             "payer": row.payer, "dossier": row.dossier_code, "total": row.total}
            for row in rows
        ])  # fmt: skip
        return
    headings = (key(_("receipt")), moment(_("date")), _("state"), _("payer"), key(_("dossier")),
                number(_("total")))  # fmt: skip
    cells = [
        (row.reference, vn_time(row.issued_at), word(row.state), row.payer,
         row.dossier_code, vn_money(row.total))
        for row in rows
    ]  # fmt: skip
    console.print(table(headings, cells))


@app.command(
    "show", help=_("One receipt: its lines, state, files and what replaced or cancelled it.")
)
@command
def show(
    series: SeriesArgument,
    number: NumberArgument,
    json_out: JsonOption = False,
    qr: Annotated[
        bool,
        typer.Option(
            "--qr", help=_("Only the text of its QR code, as the public check page reads it.")
        ),
    ] = False,
) -> None:
    from queries.receipts import receipt_by_number
    from receipt_counter.errors import ReceiptNotFoundError

    with opened_record() as record:
        view = receipt_by_number(record.store, series, number)
    if view is None:
        reference = format_reference(series, number)
        raise ReceiptNotFoundError(
            f"There is no receipt {reference}.",
            code="receipt.not_found",
            params={"reference": reference},
        )
    if json_out:
        print_json(view.as_dict())
        return
    if qr:
        print(view.qr_text or "")
        return
    _print_receipt(view)


@app.command(
    "report",
    help=_("Numbers used per series and period: first, last, issued, cancelled, replaced, totals."),
)
@command
def report(
    start: Annotated[str, typer.Option("--from", help=_("First day, YYYY-MM-DD."))],
    end: Annotated[str, typer.Option("--to", help=_("Last day, YYYY-MM-DD."))],
    series: Annotated[str | None, typer.Option("--series", help=_("Only this series."))] = None,
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help=_("Write a .csv or .xlsx file."))
    ] = None,
    json_out: JsonOption = False,
) -> None:
    from audit_trail.checkpoints import trail_proof
    from audit_trail.export_record import record_export
    from queries.receipt_usage import receipt_usage
    from reports.receipt_usage_files import write_usage
    from reports.trail_proof import describe_trail_proof

    period = parse_period(start, end)
    with opened_record() as record:
        usages = receipt_usage(record.store, *period, series)
        proof = trail_proof(record)
        if output is None:
            _print_usage(usages, proof, json_out)
            return
        write_usage(usages, period, output, describe_trail_proof(proof))
        record_export(record.store, "receipt_usage", output, cli_actor(),
                      start=str(period[0]), end=str(period[1]), series=series)  # fmt: skip
    console.print(_("Report written to {file}.").format(file=output))


def _print_usage(usages: list[SeriesUsage], proof: TrailProof, json_out: bool) -> None:
    from dataclasses import asdict

    from reports.trail_proof import describe_trail_proof
    from service.report_words import trail_proof_said

    if json_out:
        official = describe_trail_proof(proof)
        print_json({"series": [asdict(usage) for usage in usages], "audit_trail": official})
        return
    headings = (key(_("form")), key(_("series")), number(_("first number")),
                number(_("last number")), number(_("used")), number(_("issued")),
                number(_("cancelled")), number(_("replaced")), number(_("failed")),
                number(_("total")))  # fmt: skip
    rows = [
        (usage.form_symbol, usage.series_symbol, usage.first_number, usage.last_number,
         vn_count(usage.used), vn_count(usage.issued), vn_count(usage.cancelled),
         vn_count(usage.replaced), vn_count(usage.failed), vn_money(usage.total))
        for usage in usages
    ]  # fmt: skip
    console.print(table(headings, rows))
    console.print(trail_proof_said(proof))


def _print_receipt(view: ReceiptView) -> None:
    row = view.row
    console.print(_("Receipt {receipt}").format(receipt=row.reference))
    fields = (
        (_("receipt kind"), view.kind_name),
        (_("organization"), view.organization),
        (_("collector"), view.collector or "-"),
        (_("issued at"), vn_time(row.issued_at)),
        (_("state"), word(row.state)),
        (_("payer"), row.payer),
        (_("dossier"), row.dossier_code or "-"),
        (_("payment method"), word(view.method)),
        (_("total"), vn_money(row.total)),
        (_("replaces"), view.replaces or "-"),
        (_("replaced by"), view.replaced_by or "-"),
        (_("cancelled at"), vn_time(view.cancelled_at) or "-"),
        (_("reason"), row.cancel_reason or "-"),
        ("PDF", row.pdf_path or "-"),
        (_("record hash (SHA-256)"), view.record_sha256 or "-"),
        (_("QR code"), view.qr_text or "-"),
    )
    for label, value in fields:
        console.print(f"  {label}: {value}")
    if view.error:
        problem = _("problem")
        console.print(f"  {problem}: {view.error}")
    lines = [(line.name, line.kind, vn_money(line.amount)) for line in view.lines]
    console.print(table((_("line"), _("kind"), number(_("amount"))), lines))


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
        name, _equals, amount = item.rpartition("=")
        try:
            lines.append((name, int(amount.replace(".", "").replace(",", "").strip())))
        except ValueError:
            raise ReceiptError(
                f'--item "{item}": expected NAME=AMOUNT in whole đồng.',
                code="receipt.item_invalid",
                params={"item": item},
            ) from None
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
        print_json(
            {
                "number": issued.number,
                "reference": issued.reference,
                "total": issued.total,
                "pdf": str(issued.files.pdf.resolve()),
                "docx": str(issued.files.docx.resolve()),
                "xml": str(issued.files.xml.resolve()),
                "record_sha256": issued.files.record_sha256,
            }
        )
        return
    console.print(
        _("Receipt {receipt} issued: {total}; {file}").format(
            receipt=issued.reference,
            total=vn_money(issued.total),
            file=record.layout.relative(issued.files.pdf),
        )
    )


def _clerk_of_series(record: Record, series: str) -> WebUser:
    """The clerk logged in, who must work for the unit of `series` (if there is one)."""
    from queries.receipt_series import series_rows
    from service.cli_identity import acting_user, check_sees_unit
    from store.states import Role

    clerk = acting_user(record.settings, record.store, Role.CLERK)
    found = [row for row in series_rows(record.store) if row.series_symbol == series]
    if found:
        check_sees_unit(clerk, found[0].unit, _("Series {series}").format(series=series))
    return clerk


def _clerk_of_receipt(record: Record, series: str, number: int) -> WebUser:
    """The clerk logged in, who must work for the unit of the receipt (if there is one)."""
    from queries.receipts import receipt_by_number
    from service.cli_identity import acting_user, check_sees_unit
    from store.states import Role

    clerk = acting_user(record.settings, record.store, Role.CLERK)
    found = receipt_by_number(record.store, series, number)
    if found is not None:
        what = _("Receipt {receipt}").format(receipt=format_reference(series, number))
        check_sees_unit(clerk, found.row.unit_id, what)
    return clerk
