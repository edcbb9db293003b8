"""Documents chosen with the list's checkboxes, for a bulk action or a download.

The whole selection must be of documents the user sees: one that is not (or does not exist)
refuses the whole action with a 404, as if it did not exist, and nothing changes.
"""

from __future__ import annotations

from collections.abc import Sequence

from fastapi import HTTPException

from queries.document_selection import Selected, selected_documents
from service.web.ids import MAX_ID
from store.database import Store

MAX_SELECTED = 500
NOT_YOURS = "Có tài liệu được chọn không có trong các đơn vị của bạn; không làm gì cả."

__all__ = ["MAX_SELECTED", "Selected", "selected_ids", "visible_selection"]


def selected_ids(values: Sequence[str]) -> list[int]:
    """The ids ticked, in order, each once; 400 for none or too many, 404 for a number no
    document can have."""
    ids: list[int] = []
    for value in values:
        text = value.strip()
        if not text.isascii() or not text.isdigit():
            raise HTTPException(400, f"«{text[:40]}» không phải số của một tài liệu.")
        number = int(text)
        if not 0 < number <= MAX_ID:
            raise HTTPException(404, NOT_YOURS)
        if number not in ids:
            ids.append(number)
    if not ids:
        raise HTTPException(400, "Hãy chọn ít nhất một tài liệu.")
    if len(ids) > MAX_SELECTED:
        raise HTTPException(400, f"Chỉ chọn được tối đa {MAX_SELECTED} tài liệu mỗi lần.")
    return ids


def visible_selection(
    store: Store, ids: list[int], unit_ids: frozenset[int] | None
) -> list[Selected]:
    """The documents `ids` names, in that order, if every one is of `unit_ids` (None: any);
    else 404."""
    found = selected_documents(store, ids, unit_ids)
    if found is None:
        raise HTTPException(404, NOT_YOURS)
    return found
