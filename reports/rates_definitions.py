"""The definitions a rates report used, as Vietnamese sentences printed with it.

One sentence per rule that took part: the intake rules only when dossiers of the period
fell under them, the time-bucket sentence only when grouping by month or week, the result
and document sentences of the rules in force (`result_scope`, `digitized_rule`). How points
and N/A are read is printed by the exports (`rates_labels.list_notes`), not here. Each
sentence is named by a `Definition`, so that a face can word it in another language.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Collection
from enum import StrEnum

from config.rates_settings import DigitizedRule, IntakeRule, RatesSettings, ResultScope
from reports.rates_model import Grouping


class Definition(StrEnum):
    """One sentence of the definitions; the command line shows it in English on request."""

    INTAKE_ONLINE_COUNTS = "intake_online_counts"
    INTAKE_ONLINE_NEEDS_PAPERS = "intake_online_needs_papers"
    AT_LEAST_ONE = "at_least_one"
    ALL_REQUIRED = "all_required"
    RESULT = "result"  # over dossiers of procedures with a written result (formula 4.1)
    RESULT_ALL = "result_all"  # over every dossier resolved (provincial trackers)
    FULL = "full"
    REUSE = "reuse"  # dossiers reusing an already-digitized document
    DOCUMENTS = "documents"  # a tag is enough
    DOCUMENTS_SIGNED = "documents_signed"  # a verified signature is needed
    PERIOD = "period"
    MONTHS = "months"
    WEEKS = "weeks"


_INTAKE = (
    "Tỷ lệ số hóa hồ sơ tiếp nhận = số hồ sơ tiếp nhận trong kỳ có thành phần hồ sơ đã số hóa "
    "÷ số hồ sơ tiếp nhận trong kỳ"
)
SENTENCES: dict[Definition, str] = {
    Definition.INTAKE_ONLINE_COUNTS: (f"{_INTAKE}; hồ sơ nộp trực tuyến được tính là đã số hóa."),
    Definition.INTAKE_ONLINE_NEEDS_PAPERS: (
        f"{_INTAKE}; hồ sơ nộp trực tuyến cũng chỉ được tính khi có giấy tờ tiếp nhận đã số hóa."
    ),
    Definition.AT_LEAST_ONE: (
        "Hồ sơ có thành phần hồ sơ đã số hóa khi có ít nhất một giấy tờ tiếp nhận "
        "của hồ sơ đã được số hóa."
    ),
    Definition.ALL_REQUIRED: (
        "Với thủ tục yêu cầu đủ thành phần, hồ sơ có thành phần hồ sơ đã số hóa khi mọi "
        "thành phần hồ sơ bắt buộc của thủ tục đều có giấy tờ đã số hóa."
    ),
    Definition.RESULT: (
        "Tỷ lệ số hóa kết quả giải quyết = số hồ sơ giải quyết trong kỳ có kết quả đã số hóa "
        "÷ số hồ sơ giải quyết trong kỳ mà thủ tục có kết quả là văn bản."
    ),
    Definition.RESULT_ALL: (
        "Tỷ lệ số hóa kết quả giải quyết = số hồ sơ giải quyết trong kỳ có kết quả đã số hóa "
        "÷ tổng số hồ sơ giải quyết trong kỳ (mọi hồ sơ đã giải quyết, như bảng theo dõi chỉ "
        "tiêu số hóa của tỉnh)."
    ),
    Definition.FULL: (
        "Tỷ lệ hồ sơ được số hóa đầy đủ = số hồ sơ tiếp nhận trong kỳ có thành phần hồ sơ đã "
        "số hóa và, nếu thủ tục có kết quả là văn bản, có kết quả đã số hóa ÷ số hồ sơ tiếp "
        "nhận trong kỳ; hồ sơ cần kết quả mà chưa có kết quả đã số hóa chưa được tính là đầy đủ."
    ),
    Definition.REUSE: (
        "Tỷ lệ hồ sơ tái sử dụng kết quả số hóa = số hồ sơ tiếp nhận trong kỳ có ít nhất một "
        "thành phần hồ sơ được lấy lại từ giấy tờ, kết quả đã số hóa (không phải nộp lại, "
        "không quét lại) ÷ số hồ sơ tiếp nhận trong kỳ; mỗi hồ sơ chỉ tính một lần dù dùng "
        "lại nhiều giấy tờ."
    ),
    Definition.DOCUMENTS: (
        "Giấy tờ đã số hóa là giấy tờ đã có bản số hóa và được gắn với hồ sơ tại thời điểm "
        "lập báo cáo, đã ký số hay chưa (có tệp đính kèm); tập giấy tờ đã tách được tính theo "
        "từng phần, giấy tờ bị cách ly không được tính."
    ),
    Definition.DOCUMENTS_SIGNED: (
        "Giấy tờ đã số hóa là giấy tờ đã có bản số hóa, được gắn với hồ sơ tại thời điểm lập "
        "báo cáo và đã ký số với chữ ký được kiểm tra là hợp lệ trên đúng tệp hiện lưu; giấy "
        "tờ chưa ký, chữ ký không hợp lệ hoặc chưa được kiểm tra không được tính; tập giấy tờ "
        "đã tách được tính theo từng phần, giấy tờ bị cách ly không được tính."
    ),
    Definition.PERIOD: (
        "Kỳ báo cáo tính theo giờ Việt Nam, gồm cả ngày đầu và ngày cuối; hồ sơ tiếp nhận tính "
        "theo thời điểm tiếp nhận, hồ sơ giải quyết theo thời điểm giải quyết."
    ),
    Definition.MONTHS: (
        "Theo tháng: hồ sơ tiếp nhận và hồ sơ số hóa đầy đủ được xếp vào tháng tiếp nhận, "
        "kết quả được xếp vào tháng giải quyết."
    ),
    Definition.WEEKS: (
        "Theo tuần (tuần ISO, từ thứ Hai đến Chủ nhật): hồ sơ tiếp nhận và hồ sơ số hóa đầy "
        "đủ được xếp vào tuần tiếp nhận, kết quả được xếp vào tuần giải quyết."
    ),
}
_RULES = {IntakeRule.AT_LEAST_ONE: Definition.AT_LEAST_ONE,
          IntakeRule.ALL_REQUIRED: Definition.ALL_REQUIRED}  # fmt: skip
_BUCKETS = {Grouping.MONTH: Definition.MONTHS, Grouping.WEEK: Definition.WEEKS}


def describe_definitions(
    settings: RatesSettings, rules: Collection[IntakeRule], groupings: Collection[Grouping]
) -> tuple[str, ...]:
    """`rules`: the intake rules that applied to dossiers of the period."""
    used = definitions_used(settings, rules, groupings)
    return tuple(unicodedata.normalize("NFC", SENTENCES[definition]) for definition in used)


def definitions_used(
    settings: RatesSettings, rules: Collection[IntakeRule], groupings: Collection[Grouping]
) -> tuple[Definition, ...]:
    online = (
        Definition.INTAKE_ONLINE_COUNTS
        if settings.online_counts_as_digitized
        else Definition.INTAKE_ONLINE_NEEDS_PAPERS
    )
    return (
        online,
        *(_RULES[rule] for rule in IntakeRule if rule in rules),
        Definition.RESULT_ALL
        if settings.result_scope is ResultScope.ALL_RESOLVED
        else Definition.RESULT,
        Definition.FULL,
        Definition.REUSE,
        Definition.DOCUMENTS_SIGNED
        if settings.digitized_rule is DigitizedRule.TAGGED_AND_SIGNED
        else Definition.DOCUMENTS,
        Definition.PERIOD,
        *(_BUCKETS[grouping] for grouping in _BUCKETS if grouping in groupings),
    )
