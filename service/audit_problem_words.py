"""What the audit trail's checks found, in Vietnamese: a break in the hash chain, and a
checkpoint that no longer proves the trail. The checks write their findings in English
(`store.audit.verify_chain`, `audit_trail.checkpoints`), and a recorded check keeps them so
in its entry; the faces say them in Vietnamese from these patterns, and show any finding
they do not know in its own words."""

from __future__ import annotations

import re

_CHAIN = {
    r"entries (?P<first>\d+) to (?P<last>\d+) are missing": (
        "thiếu các mục từ số {first} đến số {last}"
    ),
    r"it does not follow the entry before it \(removed or reordered\)": (
        "mục này không nối tiếp mục liền trước (có mục bị xóa hoặc bị đảo thứ tự)"
    ),
    r"its content differs from what was sealed": (
        "nội dung mục này khác với lúc được niêm phong (đã bị sửa)"
    ),
}
_CHECKPOINT = {
    r"the checkpoint cannot be read \((?P<reason>.*)\)": (
        "không đọc được mốc kiểm toán ({reason})"
    ),
    r"its signature file is missing": "thiếu tệp chữ ký của mốc",
    r"its signature cannot be read \((?P<reason>.*)\)": "không đọc được chữ ký của mốc ({reason})",
    r"it was changed after it was signed": "mốc đã bị sửa sau khi ký",
    r"its signer is not trusted": "người ký mốc không nằm trong các gốc tin cậy",
    (
        r"the trail was cut: the checkpoint of (?P<made_at>\S+) counted (?P<entries>\d+) "
        r"entries up to entry (?P<head>\d+), the trail now has (?P<now>\d+)"
    ): (
        "nhật ký đã bị cắt: mốc lập lúc {made_at} đếm {entries} mục, đến mục số {head}; "
        "nay nhật ký chỉ còn {now} mục"
    ),
    (
        r"the trail was rewritten: entry (?P<head>\d+) is not the one the checkpoint of "
        r"(?P<made_at>\S+) signed"
    ): "nhật ký đã bị viết lại: mục số {head} không còn là mục mà mốc lập lúc {made_at} đã ký",
}


def chain_problem_words(problem: str) -> str:
    """Why the hash chain breaks at an entry, in Vietnamese."""
    return _said(problem, _CHAIN)


def checkpoint_problem_words(problem: str) -> str:
    """Why a checkpoint no longer proves the trail, in Vietnamese."""
    return _said(problem, _CHECKPOINT)


def _said(problem: str, patterns: dict[str, str]) -> str:
    for pattern, template in patterns.items():
        found = re.fullmatch(pattern, problem)
        if found:
            return template.format(**found.groupdict())
    return problem
