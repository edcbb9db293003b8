"""Exported cells that a spreadsheet can never run as formulas.

Dossier fields, fee names and reasons come from clerks and from the one-stop system's API, so
an export may carry text such as `=HYPERLINK(...)`. A spreadsheet program reads a cell that
starts with `=`, `+`, `-`, `@`, a tab or a carriage return as a formula (OWASP, "CSV
Injection"). In CSV such text is prefixed with an apostrophe, which the programs read as
"this is text". In XLSX every text cell is stored as a string (never as a formula) and the
risky ones are also marked quote-prefixed, so that editing the cell keeps it text; their
words are unchanged.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def could_run(value: object) -> bool:
    """Whether a spreadsheet would take this value for a formula if it were typed in."""
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def inert_csv_rows(rows: Iterable[Sequence[object]]) -> list[list[object]]:
    return [[_inert_csv_cell(value) for value in row] for row in rows]


def _inert_csv_cell(value: object) -> object:
    if isinstance(value, str) and could_run(value):
        return "'" + value
    return value


def make_text_inert(workbook: Any) -> None:
    """Store every text cell of the workbook as text; call just before saving."""
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    cell.data_type = "s"
                    if could_run(cell.value):
                        cell.quotePrefix = True
