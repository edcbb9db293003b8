"""Import the dossier register exported by the one-stop system (CSV, XLSX or JSON).

A bad row is reported and skipped, so the good rows still come through; when a dossier code
appears twice in one file, the later row wins and the earlier one is reported.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import TypeVar

from dossiers.codes import (
    DossierCode,
    ProcedureCode,
    parse_dossier_code,
    parse_procedure_code,
)
from dossiers.errors import InvalidDossierCodeError, InvalidProcedureCodeError
from dossiers.folding import fold_key
from dossiers.register_columns import Column, match_columns
from dossiers.register_table import TableRow, read_table
from dossiers.register_values import Cell, InvalidCellError, cell_text, read_bool, read_datetime

_Value = TypeVar("_Value")


class Channel(StrEnum):
    counter = "counter"
    online = "online"
    postal = "postal"


_CHANNEL_BY_KEY = {
    fold_key(name): channel
    for channel, names in {
        Channel.counter: ("trực tiếp",),
        Channel.online: ("trực tuyến",),
        Channel.postal: ("bưu chính",),
    }.items()
    for name in (channel.value, *names)
}


@dataclass(frozen=True)
class RegisterRow:
    code: DossierCode
    procedure: ProcedureCode
    procedure_name: str
    field: str
    unit: str
    channel: Channel
    received_at: datetime  # aware, UTC
    due_at: datetime | None
    resolved_at: datetime | None
    result_required: bool
    row: int


@dataclass(frozen=True)
class RowProblem:
    row: int
    reason: str


@dataclass(frozen=True)
class RegisterImport:
    rows: tuple[RegisterRow, ...]
    problems: tuple[RowProblem, ...]


def read_register(path: Path) -> RegisterImport:
    """The rows of a register file and the problems of the rows that could not be used.

    Raises RegisterError when the file cannot be read at all.
    """
    table = read_table(path)
    if not table.headers and not table.rows:
        return RegisterImport(rows=(), problems=())
    columns = match_columns(path, table.headers)
    rows: list[RegisterRow] = []
    problems: list[RowProblem] = []
    for table_row in table.rows:
        if table_row.problem is not None:
            problems.append(RowProblem(table_row.number, table_row.problem))
            continue
        try:
            rows.append(_register_row(table_row, columns))
        except _RowRejectedError as rejected:
            problems.append(RowProblem(table_row.number, rejected.reason))
    kept, replaced = _latest_row_per_code(rows)
    return RegisterImport(
        rows=tuple(kept),
        problems=tuple(sorted([*problems, *replaced], key=lambda problem: problem.row)),
    )


class _RowRejectedError(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _register_row(row: TableRow, columns: Mapping[Column, str]) -> RegisterRow:
    """The row read left to right; the first bad cell rejects it."""
    cells = _Cells(row, columns)
    return RegisterRow(
        code=cells.required(Column.code, _dossier_code),
        procedure=cells.required(Column.procedure_code, _procedure_code),
        procedure_name=cells.optional(Column.procedure_name, cell_text) or "",
        field=cells.optional(Column.field, cell_text) or "",
        unit=cells.required(Column.unit, cell_text),
        channel=cells.required(Column.channel, _channel),
        received_at=cells.required(Column.received_at, read_datetime),
        due_at=cells.optional(Column.due_at, read_datetime),
        resolved_at=cells.optional(Column.resolved_at, read_datetime),
        result_required=cells.required(Column.result_required, read_bool),
        row=row.number,
    )


class _Cells:
    def __init__(self, row: TableRow, columns: Mapping[Column, str]) -> None:
        self._row = row
        self._columns = columns

    def required(self, column: Column, read: Callable[[Cell], _Value]) -> _Value:
        value = self.optional(column, read)
        if value is None:
            raise _RowRejectedError(f'column "{self._columns[column]}" is empty')
        return value

    def optional(self, column: Column, read: Callable[[Cell], _Value]) -> _Value | None:
        header = self._columns.get(column)
        if header is None:
            return None
        cell = self._row.cells.get(header)
        if not cell_text(cell):
            return None
        try:
            return read(cell)
        except InvalidCellError as error:
            raise _RowRejectedError(f'column "{header}": {error}') from None


def _dossier_code(cell: Cell) -> DossierCode:
    text = cell_text(cell)
    try:
        code = parse_dossier_code(text)
    except InvalidDossierCodeError as error:
        raise InvalidCellError(f'"{text}" is not a dossier code: {error.reason}') from None
    if code.result_number is not None:
        raise InvalidCellError(f'"{text}" is the code of a result, not of a dossier')
    return code


def _procedure_code(cell: Cell) -> ProcedureCode:
    text = cell_text(cell)
    try:
        return parse_procedure_code(text)
    except InvalidProcedureCodeError as error:
        raise InvalidCellError(f'"{text}" is not a procedure code: {error.reason}') from None


def _channel(cell: Cell) -> Channel:
    text = cell_text(cell)
    channel = _CHANNEL_BY_KEY.get(fold_key(text))
    if channel is None:
        raise InvalidCellError(
            f'"{text}" is not a channel (expected counter, online or postal; '
            "trực tiếp, trực tuyến or bưu chính)"
        )
    return channel


def _latest_row_per_code(
    rows: Iterable[RegisterRow],
) -> tuple[list[RegisterRow], list[RowProblem]]:
    latest: dict[DossierCode, RegisterRow] = {}
    replaced: list[RowProblem] = []
    for row in rows:
        earlier = latest.pop(row.code, None)
        if earlier is not None:
            replaced.append(
                RowProblem(
                    earlier.row,
                    f"dossier code {row.code} appears again in row {row.row}, "
                    "which is used instead",
                )
            )
        latest[row.code] = row
    return list(latest.values()), replaced
