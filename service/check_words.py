"""What the integrity check found, in the command line's language (`sohoa check`, and the
problems `sohoa run` reports from its scheduled checks).

A problem's own message is English; in Vietnamese each kind of problem has its sentence,
filled with the values the check recorded. Why a signature fails stays in the words of the
validator that found it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from service.audit_problem_words import chain_problem_words, checkpoint_problem_words
from service.formats import vn_count
from service.i18n import current_language

_VIETNAMESE = {
    "archive.missing": "{name}: mất bản gốc lưu trữ {where}.",
    "archive.changed": "{name}: bản gốc lưu trữ {where} đã bị thay đổi (SHA-256 nay là {found}).",
    "archive.not_recorded": "{name}: cơ sở dữ liệu ghi bản gốc {recorded}, không phải {where}.",
    "output.missing": "{name}: mất bản số hóa {where}.",
    "output.changed": "{name}: bản số hóa {where} không còn là tệp Sohoa đã ghi (SHA-256 khác).",
    "signature.invalid": "{name}: chữ ký số trên {where} không hợp lệ: {failure}",
    "receipt.signature.invalid": (
        "Biên lai {receipt}: chữ ký số trên {where} không hợp lệ: {failure}"
    ),
    "receipt.file_missing": "Biên lai {receipt}: mất tệp {where}.",
    "receipt.record_changed": "Biên lai {receipt}: tệp dữ liệu {where} không còn là bản đã lập.",
    "audit.chain": "Nhật ký kiểm toán bị đứt tại mục {entry}: {problem}",
    "audit.checkpoint": "Mốc kiểm toán {checkpoint}: {problem}",
    "inbox.stale": "{where} đã nằm trong hộp thư đến {hours} giờ chưa được nhận.",
}


_AUDIT_PROBLEMS = {
    "audit.chain": chain_problem_words,
    "audit.checkpoint": checkpoint_problem_words,
}


def problem_label(kind: str) -> str:
    """What stands before a problem on its line: its kind for scripts in English."""
    return f"{kind}:" if current_language() == "en" else "Sự cố:"


def problem_text(kind: str, message: str, path: str | None, params: Mapping[str, Any]) -> str:
    """The problem in the command line's language; its English `message` otherwise."""
    if current_language() == "en":
        return message
    key = f"receipt.{kind}" if kind == "signature.invalid" and "receipt" in params else kind
    template = _VIETNAMESE.get(key)
    if template is None:
        return message
    values = {**params, "where": path or ""}
    if kind in _AUDIT_PROBLEMS and isinstance(values.get("problem"), str):
        values["problem"] = _AUDIT_PROBLEMS[kind](values["problem"])
    if isinstance(values.get("hours"), int):
        values["hours"] = vn_count(values["hours"])
    try:
        return template.format_map(values)
    except KeyError:
        return message
