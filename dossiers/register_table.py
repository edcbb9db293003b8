"""A register file as a table of cells, whatever it is: CSV, XLSX or JSON, told by its content."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from dossiers.errors import RegisterError, RegisterUnreadableError
from dossiers.register_values import Cell, cell_text

_ZIP_SIGNATURES = (b"PK\x03\x04", b"PK\x05\x06")


@dataclass(frozen=True)
class TableRow:
    number: int  # as the user sees it: CSV line and XLSX row 1 is the header; JSON counts from 1
    cells: Mapping[str, Cell]  # by header, as written in the file
    problem: str | None = None  # the row as a whole cannot be read


@dataclass(frozen=True)
class Table:
    headers: tuple[str, ...]
    rows: tuple[TableRow, ...]  # blank rows left out


def read_table(path: Path) -> Table:
    try:
        data = path.read_bytes()
    except OSError as error:
        raise RegisterUnreadableError(
            path,
            f"cannot be read ({error.strerror or error})",
            code="register.unreadable",
            params={"reason": error.strerror or error},
        ) from error
    if data.startswith(_ZIP_SIGNATURES):
        return _xlsx_table(path, data)
    text = _utf8_text(path, data)
    if text.lstrip().startswith(("[", "{")):
        return _json_table(path, text)
    return _csv_table(path, text)


def _utf8_text(path: Path, data: bytes) -> str:
    if b"\x00" in data:
        raise _not_a_register(path)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _not_a_register(path) from None
    if not text.strip():
        raise RegisterError(path, "is empty", code="register.empty")
    return text


def _not_a_register(path: Path) -> RegisterError:
    return RegisterError(
        path, "is neither an XLSX workbook nor UTF-8 CSV or JSON text", code="register.not_a_table"
    )


def _csv_table(path: Path, text: str) -> Table:
    header_line = text.splitlines()[0]
    delimiter = ";" if header_line.count(";") > header_line.count(",") else ","
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as error:
        raise RegisterError(
            path,
            f"is not readable CSV ({error})",
            code="register.csv_unreadable",
            params={"reason": error},
        ) from error
    headers = tuple(header.strip() for header in records[0])
    rows = []
    for number, record in enumerate(records[1:], start=2):
        if any(value.strip() for value in record):
            rows.append(
                TableRow(
                    number, dict(zip(headers, record, strict=False)), _overflow(record, headers)
                )
            )
    return Table(headers, tuple(rows))


def _overflow(record: Sequence[str], headers: Sequence[str]) -> str | None:
    if any(value.strip() for value in record[len(headers) :]):
        return (
            f"it has {len(record)} values but the header has {len(headers)} columns "
            "(a value holding the separator must be quoted)"
        )
    return None


def _xlsx_table(path: Path, data: bytes) -> Table:
    # Imported here: openpyxl takes a third of a second to load, and only imports need it.
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            records = [tuple(row) for row in workbook.worksheets[0].iter_rows(values_only=True)]
        finally:
            workbook.close()
    # openpyxl lets the zip, XML and its own errors through for a damaged or foreign file.
    except (
        zipfile.BadZipFile,
        InvalidFileException,
        KeyError,
        IndexError,
        ValueError,
        OSError,
        SyntaxError,
    ) as error:
        raise RegisterError(
            path,
            f"is not a readable XLSX workbook ({error})",
            code="register.xlsx_unreadable",
            params={"reason": error},
        ) from error
    if not records:
        raise RegisterError(path, "the first worksheet is empty", code="register.sheet_empty")
    headers = tuple(cell_text(_xlsx_cell(value)) for value in records[0])
    rows = []
    for number, record in enumerate(records[1:], start=2):
        cells = {header: _xlsx_cell(value) for header, value in zip(headers, record, strict=False)}
        if _has_values(cells.values()):
            rows.append(TableRow(number, cells))
    return Table(headers, tuple(rows))


def _xlsx_cell(value: object) -> Cell:
    if value is None or isinstance(value, str | int | float | date):
        return value
    return str(value)  # times of day, durations


def _json_table(path: Path, text: str) -> Table:
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise RegisterError(
            path,
            f"is not valid JSON ({error.msg} at line {error.lineno} column {error.colno})",
            code="register.json_invalid",
            params={"line": error.lineno, "column": error.colno, "reason": error.msg},
        ) from error
    items = document.get("dossiers") if isinstance(document, dict) else document
    if not isinstance(items, list):
        raise RegisterError(
            path,
            'JSON must be a list of dossier objects or an object with that list under "dossiers"',
            code="register.json_shape",
        )
    headers: dict[str, None] = {}
    rows = []
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            rows.append(TableRow(number, {}, "it is not a JSON object"))
            continue
        headers.update(dict.fromkeys(item))
        cells = {key: _json_cell(value) for key, value in item.items()}
        if _has_values(cells.values()):
            rows.append(TableRow(number, cells))
    return Table(tuple(headers), tuple(rows))


def _json_cell(value: object) -> Cell:
    if value is None or isinstance(value, str | int | float):
        return value
    return json.dumps(value, ensure_ascii=False)  # nested lists and objects: shown as bad values


def _has_values(cells: Iterable[Cell]) -> bool:
    return any(cell_text(cell) for cell in cells)
