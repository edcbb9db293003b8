"""The columns of a dossier register and the header names, English or Vietnamese, that give them."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from pathlib import Path

from dossiers.errors import RegisterError
from dossiers.folding import fold_key


class Column(StrEnum):
    code = "code"
    procedure_code = "procedure_code"
    procedure_name = "procedure_name"
    field = "field"
    unit = "unit"
    channel = "channel"
    received_at = "received_at"
    due_at = "due_at"
    resolved_at = "resolved_at"
    result_required = "result_required"


REQUIRED_COLUMNS = (
    Column.code,
    Column.procedure_code,
    Column.unit,
    Column.channel,
    Column.received_at,
    Column.result_required,
)

# Matched without regard to case, diacritics or punctuation; the first is shown in messages.
VIETNAMESE_HEADERS: dict[Column, tuple[str, ...]] = {
    Column.code: ("Mã hồ sơ", "Mã HS", "Số hồ sơ"),
    Column.procedure_code: ("Mã thủ tục", "Mã TTHC", "Mã thủ tục hành chính"),
    Column.procedure_name: ("Tên thủ tục", "Tên TTHC", "Tên thủ tục hành chính"),
    Column.field: ("Lĩnh vực",),
    Column.unit: ("Đơn vị", "Đơn vị tiếp nhận"),
    Column.channel: ("Kênh", "Kênh tiếp nhận", "Hình thức nộp"),
    Column.received_at: ("Ngày tiếp nhận", "Thời gian tiếp nhận", "Ngày nhận"),
    Column.due_at: ("Hạn xử lý", "Hạn giải quyết", "Ngày hẹn trả"),
    Column.resolved_at: ("Ngày có kết quả", "Ngày trả kết quả", "Ngày hoàn thành"),
    Column.result_required: ("Yêu cầu kết quả",),
}

_COLUMN_BY_KEY = {
    fold_key(name): column
    for column, names in VIETNAMESE_HEADERS.items()
    for name in (column.value, *names)
}


def match_columns(path: Path, headers: Iterable[str]) -> dict[Column, str]:
    """Each known column and the header that gives it; headers of other columns are ignored."""
    headers = list(headers)
    found: dict[Column, str] = {}
    for header in headers:
        column = _COLUMN_BY_KEY.get(fold_key(header))
        if column is None:
            continue
        if column in found:
            raise RegisterError(
                path,
                f'the headers "{found[column]}" and "{header}" both name the {column} column',
                code="register.column_twice",
                params={
                    "first": found[column],
                    "second": header,
                    "column": VIETNAMESE_HEADERS[column][0],
                },
            )
        found[column] = header
    missing = [column for column in REQUIRED_COLUMNS if column not in found]
    if missing:
        wanted = ", ".join(f'{column} ("{VIETNAMESE_HEADERS[column][0]}")' for column in missing)
        shown = ", ".join(f'"{header}"' for header in headers if header) or "nothing"
        raise RegisterError(
            path,
            f"required columns are missing: {wanted}; the header has {shown}",
            code="register.columns_missing",
            params={
                "columns": ", ".join(f"«{VIETNAMESE_HEADERS[column][0]}»" for column in missing),
                "headers": ", ".join(f"«{header}»" for header in headers if header) or "—",
            },
        )
    return found
