"""The document list's URL: filters, sort, page size and cursor as query parameters, read the
same way by the page and its JSON twin, so that a view can be bookmarked and shared.

A value that cannot be read is a 400 with its reason in Vietnamese (never a 500, never a
silently different list).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urlencode

from fastapi import HTTPException

from dossiers import InvalidDossierCodeError, TagSource, parse_dossier_code
from queries.document_list import NO_TAG, PAGE_SIZES, DocumentFilter, Sort, SortColumn
from queries.document_stage import DocumentStage
from service.web.ids import MAX_ID
from store.states import DocumentKind

FILTER_NAMES = ("unit", "kind", "stage", "code", "from", "to", "tag", "signed", "batch")
MAX_CODE_LENGTH = 100
FIRST_YEAR, LAST_YEAR = 1900, 2999


@dataclass(frozen=True)
class ListRequest:
    wanted: DocumentFilter
    sort: Sort
    size: int
    cursor: str | None
    filters: dict[str, str] = field(default_factory=dict)  # as typed, for the form and links

    def query(self, **changes: str | None) -> str:
        """This view's query string with `changes` (None drops a parameter)."""
        values: dict[str, str | None] = {
            **self.filters,
            "sort": self.sort.column.value,
            "order": "desc" if self.sort.descending else "asc",
            "size": str(self.size),
        }
        values.update(changes)
        return urlencode({key: value for key, value in values.items() if value})


def default_size(configured: int) -> int:
    return configured if configured in PAGE_SIZES else 50


def read_list_request(params: Mapping[str, str], configured_size: int) -> ListRequest:
    filters = {name: params.get(name, "").strip() for name in FILTER_NAMES}
    filters = {name: value for name, value in filters.items() if value}
    if any("\x00" in value for value in params.values()):
        raise _bad("Địa chỉ có ký tự không hợp lệ.")
    code, prefix = _code(filters.get("code"))
    wanted = DocumentFilter(
        unit_ids=_units(filters.get("unit")),
        kind=_choice(filters.get("kind"), [kind.value for kind in DocumentKind], "loại"),
        stage=_stage(filters.get("stage")),
        dossier_code=code,
        dossier_prefix=prefix,
        received_from=_day(filters.get("from"), "từ ngày"),
        received_to=_day(filters.get("to"), "đến ngày"),
        tag_source=_choice(
            filters.get("tag"), [source.value for source in TagSource] + [NO_TAG], "nguồn mã"
        ),
        signed=_signed(filters.get("signed")),
        batch_id=_whole(filters.get("batch"), "lô ký"),
    )
    column = _choice(params.get("sort") or None, [c.value for c in SortColumn], "cột sắp xếp")
    order = _choice(params.get("order") or None, ["asc", "desc"], "chiều sắp xếp")
    sort = Sort(SortColumn(column or SortColumn.RECEIVED), order != "asc")
    size = _whole(params.get("size") or None, "số dòng mỗi trang") or default_size(configured_size)
    if size not in PAGE_SIZES:
        sizes = ", ".join(map(str, PAGE_SIZES))
        raise _bad(f"Số dòng mỗi trang phải là một trong {sizes}.")
    cursor = params.get("cursor") or None
    return ListRequest(wanted, sort, size, cursor, filters)


def _units(text: str | None) -> frozenset[int] | None:
    unit = _whole(text, "đơn vị")
    return None if unit is None else frozenset({unit})


def _whole(text: str | None, what: str) -> int | None:
    if text is None:
        return None
    if not text.isascii() or not text.isdigit() or not 0 < int(text) <= MAX_ID:
        raise _bad(f"Giá trị «{text[:40]}» của {what} không phải một số hợp lệ.")
    return int(text)


def _choice(text: str | None, allowed: list[str], what: str) -> str | None:
    if text is None:
        return None
    if text not in allowed:
        raise _bad(f"Giá trị «{text[:40]}» của {what} không có trong danh sách chọn.")
    return text


def _stage(text: str | None) -> DocumentStage | None:
    chosen = _choice(text, [stage.value for stage in DocumentStage], "trạng thái")
    return None if chosen is None else DocumentStage(chosen)


def _signed(text: str | None) -> bool | None:
    chosen = _choice(text, ["yes", "no"], "đã ký")
    return None if chosen is None else chosen == "yes"


def _day(text: str | None, what: str) -> date | None:
    if text is None:
        return None
    try:
        day = date.fromisoformat(text)
        if not FIRST_YEAR <= day.year <= LAST_YEAR:  # a day's bounds in UTC must exist
            raise ValueError(text)
        return day
    except ValueError:
        raise _bad(
            f"Ngày «{text[:40]}» ({what}) không hợp lệ; hãy ghi theo dạng NNNN-TT-NN."
        ) from None


def _code(text: str | None) -> tuple[str | None, bool]:
    """A whole dossier code matches exactly; anything shorter is the start of the codes."""
    if text is None:
        return None, False
    if len(text) > MAX_CODE_LENGTH:
        raise _bad(f"Mã hồ sơ dài tối đa {MAX_CODE_LENGTH} ký tự.")
    try:
        return str(parse_dossier_code(text).dossier), False
    except InvalidDossierCodeError:
        return text.upper(), True


def _bad(detail: str) -> HTTPException:
    return HTTPException(400, detail)
