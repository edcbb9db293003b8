"""The fee catalogue as a CSV file: its size and row count checked before it is read, then
every row read, so that each bad row is reported at once (its number, the column, the value
and what is accepted) and nothing is imported while one is wrong."""

from __future__ import annotations

import csv
import io
import stat
from collections.abc import Iterator, Sequence
from pathlib import Path

from config.errors import SohoaError
from receipt_counter.errors import (
    FeeFileError,
    FeeFileTooLargeError,
    FeeFileUnreadableError,
    FeeRowError,
    InvalidFeeCatalogueError,
)
from receipt_counter.fee_fields import (
    KINDS,
    MAX_AMOUNT,
    MAX_NAME,
    PROCEDURE_CODE_EXAMPLES,
    FeeSpec,
    amount_of,
    kind_of,
    name_of,
    procedure_code_of,
)

COLUMNS = ("procedure_code", "name", "kind", "amount")
MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_ROWS = 10_000  # a province's procedures with fees number a few thousand at most


def read_fee_file(path: Path) -> list[FeeSpec]:
    """The fees of `path`, or FeeFileError: too large, unreadable, without the columns, or
    InvalidFeeCatalogueError naming every bad row."""
    text = _text_of(path)
    records = _records(path.name, text)
    header = next(records, None)
    if header is None:
        raise FeeFileError(
            f"{path.name} is empty: expected the header {','.join(COLUMNS)} and a row per fee.",
            code="fee_file.empty",
            params={"file": path.name, "columns": ",".join(COLUMNS)},
        )
    columns = _columns(path.name, header[1])
    fees: list[FeeSpec] = []
    problems: list[SohoaError] = []
    first_row: dict[tuple[str, str], int] = {}
    for number, cells in records:
        row_problems, fee = _fee_of_row(number, cells, columns)
        if fee is not None:
            key = (fee.procedure_code, fee.name)
            if key in first_row:
                row_problems.append(_repeated(number, fee, first_row[key]))
            first_row.setdefault(key, number)
        problems += row_problems
        if fee is not None and not row_problems:
            fees.append(fee)
    if problems:
        raise InvalidFeeCatalogueError(path.name, problems)
    if not fees:
        raise FeeFileError(
            f"{path.name} has a header but no fee.",
            code="fee_file.empty",
            params={"file": path.name, "columns": ",".join(COLUMNS)},
        )
    return fees


def _text_of(path: Path) -> str:
    """The file's text, its size checked before a byte is read."""
    try:
        found = path.stat()
        if not stat.S_ISREG(found.st_mode):
            raise OSError("not a regular file")
        if found.st_size > MAX_FILE_BYTES:
            raise _too_large(path)
        with path.open("rb") as file:
            content = file.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        raise FeeFileUnreadableError(
            f"Cannot read the fee catalogue {path}: {error.strerror or error}.",
            code="fee_file.unreadable",
            params={"file": path.name},
        ) from None
    if len(content) > MAX_FILE_BYTES:  # it grew while being read
        raise _too_large(path)
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FeeFileError(
            f"{path.name} is not UTF-8 text: save it as CSV UTF-8.",
            code="fee_file.not_unicode",
            params={"file": path.name},
        ) from None


def _too_large(path: Path) -> FeeFileTooLargeError:
    limit = MAX_FILE_BYTES // (1024 * 1024)
    return FeeFileTooLargeError(
        f"{path.name} is larger than {limit} MB, the limit of a fee catalogue file.",
        code="fee_file.too_large",
        params={"file": path.name, "limit_mb": limit},
    )


def _records(file: str, text: str) -> Iterator[tuple[int, list[str]]]:
    """(row number, cells) of each row that is not blank, the header being row 1; a comma or
    a semicolon between cells (as spreadsheets save CSV with either), never more than
    MAX_ROWS rows of fees."""
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    rows = 0  # the header, then the fees
    try:
        for number, cells in enumerate(reader, start=1):
            if not any(cell.strip() for cell in cells):
                continue
            rows += 1
            if rows > MAX_ROWS + 1:
                raise FeeFileTooLargeError(
                    f"{file} has more than {MAX_ROWS} fees, the limit of one file.",
                    code="fee_file.too_many_rows",
                    params={"file": file, "limit": MAX_ROWS},
                )
            yield number, cells
    except csv.Error as error:
        raise FeeFileError(
            f"{file}, row {reader.line_num}: not CSV ({error}).",
            code="fee_file.not_csv",
            params={"file": file, "row": reader.line_num},
        ) from None


def _columns(file: str, header: Sequence[str]) -> dict[str, int]:
    """Each column's position; its name in any case, with spaces around it."""
    named = [cell.strip().lower() for cell in header]
    missing = [column for column in COLUMNS if column not in named]
    if missing:
        raise FeeFileError(
            f"{file}: the header must name the columns {', '.join(COLUMNS)}; "
            f"missing {', '.join(missing)}.",
            code="fee_file.columns_missing",
            params={"file": file, "columns": ",".join(COLUMNS), "missing": ", ".join(missing)},
        )
    return {column: named.index(column) for column in COLUMNS}


def _fee_of_row(
    number: int, cells: Sequence[str], columns: dict[str, int]
) -> tuple[list[SohoaError], FeeSpec | None]:
    """The row's fee, or the problem of each of its bad cells."""

    def cell(column: str) -> str:
        position = columns[column]
        return cells[position].strip() if position < len(cells) else ""

    typed = {column: cell(column) for column in COLUMNS}
    code, name = procedure_code_of(typed["procedure_code"]), name_of(typed["name"])
    kind, amount = kind_of(typed["kind"]), amount_of(typed["amount"])
    problems: list[SohoaError] = []
    if code is None:
        problems.append(
            FeeRowError(
                f"Row {number}, column procedure_code: {typed['procedure_code']!r} is not a "
                f"procedure code (like {PROCEDURE_CODE_EXAMPLES}).",
                code="fee_file.procedure_code_invalid",
                params={
                    "row": number,
                    "column": "procedure_code",
                    "value": typed["procedure_code"],
                },
            )
        )
    if name is None:
        problems.append(
            FeeRowError(
                f"Row {number}, column name: {typed['name']!r} is not a fee's name "
                f"(required, at most {MAX_NAME} characters).",
                code="fee_file.name_invalid",
                params={
                    "row": number,
                    "column": "name",
                    "value": typed["name"][:80],
                    "limit": MAX_NAME,
                },
            )
        )
    if kind is None:
        problems.append(
            FeeRowError(
                f"Row {number}, column kind: {typed['kind']!r} is not a kind of fee "
                f"(one of {', '.join(repr(kind) for kind in KINDS)}).",
                code="fee_file.kind_invalid",
                params={"row": number, "column": "kind", "value": typed["kind"]},
            )
        )
    if amount is None:
        problems.append(
            FeeRowError(
                f"Row {number}, column amount: {typed['amount']!r} is not an amount "
                f"(a whole number of đồng above 0, at most {MAX_AMOUNT}, like 20000 or 20.000).",
                code="fee_file.amount_invalid",
                params={"row": number, "column": "amount", "value": typed["amount"]},
            )
        )
    if code is None or name is None or kind is None or amount is None:
        return problems, None
    return problems, FeeSpec(code, name, kind, amount)


def _repeated(number: int, fee: FeeSpec, first: int) -> SohoaError:
    return FeeRowError(
        f"Row {number}: the fee {fee.name!r} of procedure {fee.procedure_code} is in row "
        f"{first} already.",
        code="fee_file.fee_repeated",
        params={"row": number, "column": "name", "value": fee.name,
                "procedure_code": fee.procedure_code, "first_row": first},
    )  # fmt: skip
