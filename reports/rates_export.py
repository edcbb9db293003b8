"""The rates report in the form an auditor downloads or writes to a file: CSV, XLSX or DOCX.
The command line and the dashboard both export through `rates_export_bytes`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from config.rates_settings import Decree30ReportSettings
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
    heading: Decree30ReportSettings | None = None,
    signer: str = "",
) -> bytes:
    """The report as a file's content. CSV and XLSX list the `missing` dossiers after the
    rates; a Word report is headed, numbered and placed as `heading` says (the settings'
    `[rates.report]` with what the person gave for this report) and signed by `signer`."""
    if export_format == "csv":
        return rates_csv_bytes(report, missing)
    if export_format == "xlsx":
        return rates_xlsx_bytes(report, missing)
    heading = heading or Decree30ReportSettings()
    return rates_docx_bytes(
        report,
        agency=heading.agency.strip() or DEFAULT_AGENCY,
        signer_title=heading.signer_title,
        signer_name=signer.strip(),
        place=heading.place.strip(),
        number=heading.number,
        abbreviation=heading.agency_abbreviation,
    )
