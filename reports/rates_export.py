"""The rates report in the form an auditor downloads or writes to a file: CSV, XLSX or DOCX.
The command line and the dashboard both export through `rates_export_bytes`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from reports.rates_csv import rates_csv_bytes
from reports.rates_docx import rates_docx_bytes
from reports.rates_model import MissingDossier, RatesReport
from reports.rates_xlsx import rates_xlsx_bytes

ExportFormat = Literal["csv", "xlsx", "docx"]
DEFAULT_AGENCY = "CƠ QUAN BÁO CÁO"
"""The heading of a Word report when no agency is given."""


def rates_export_bytes(
    report: RatesReport,
    export_format: ExportFormat,
    *,
    missing: Sequence[MissingDossier] = (),
    agency: str = "",
    signer: str = "",
) -> bytes:
    """The report as a file's content. CSV and XLSX list the `missing` dossiers after the
    rates; a Word report is headed by `agency` and signed by `signer`."""
    if export_format == "csv":
        return rates_csv_bytes(report, missing)
    if export_format == "xlsx":
        return rates_xlsx_bytes(report, missing)
    return rates_docx_bytes(
        report, agency=agency.strip() or DEFAULT_AGENCY, signer_name=signer.strip()
    )
