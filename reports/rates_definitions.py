"""The definitions a rates report used, as Vietnamese sentences printed with it.

One sentence per rule that took part: the intake rules only when dossiers of the period
fell under them, the time-bucket sentence only when grouping by month or week. How points
and N/A are read is printed by the exports (`rates_labels.list_notes`), not here.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Collection

from config.rates_settings import IntakeRule, RatesSettings
from reports.rates_model import Grouping

_INTAKE = (
    "Tỷ lệ số hóa hồ sơ tiếp nhận = số hồ sơ tiếp nhận trong kỳ có thành phần hồ sơ đã số hóa "
    "÷ số hồ sơ tiếp nhận trong kỳ"
)
_ONLINE_COUNTS = "; hồ sơ nộp trực tuyến được tính là đã số hóa."
_ONLINE_NEEDS_PAPERS = (
    "; hồ sơ nộp trực tuyến cũng chỉ được tính khi có giấy tờ tiếp nhận đã số hóa."
)
_RULES = {
    IntakeRule.AT_LEAST_ONE: (
        "Hồ sơ có thành phần hồ sơ đã số hóa khi có ít nhất một giấy tờ tiếp nhận "
        "của hồ sơ đã được số hóa."
    ),
    IntakeRule.ALL_REQUIRED: (
        "Với thủ tục yêu cầu đủ thành phần, hồ sơ có thành phần hồ sơ đã số hóa khi mọi "
        "thành phần hồ sơ bắt buộc của thủ tục đều có giấy tờ đã số hóa."
    ),
}
_RESULT = (
    "Tỷ lệ số hóa kết quả giải quyết = số hồ sơ giải quyết trong kỳ có kết quả đã số hóa "
    "÷ số hồ sơ giải quyết trong kỳ mà thủ tục có kết quả là văn bản."
)
_FULL = (
    "Tỷ lệ hồ sơ được số hóa đầy đủ = số hồ sơ tiếp nhận trong kỳ có thành phần hồ sơ đã số "
    "hóa và, nếu thủ tục có kết quả là văn bản, có kết quả đã số hóa ÷ số hồ sơ tiếp nhận "
    "trong kỳ; hồ sơ cần kết quả mà chưa có kết quả đã số hóa chưa được tính là đầy đủ."
)
_DOCUMENTS = (
    "Giấy tờ đã số hóa là giấy tờ đã có bản số hóa và được gắn với hồ sơ tại thời điểm lập "
    "báo cáo; tập giấy tờ đã tách được tính theo từng phần, giấy tờ bị cách ly không được tính."
)
_PERIOD = (
    "Kỳ báo cáo tính theo giờ Việt Nam, gồm cả ngày đầu và ngày cuối; hồ sơ tiếp nhận tính "
    "theo thời điểm tiếp nhận, hồ sơ giải quyết theo thời điểm giải quyết."
)
_BUCKETS = {
    Grouping.MONTH: (
        "Theo tháng: hồ sơ tiếp nhận và hồ sơ số hóa đầy đủ được xếp vào tháng tiếp nhận, "
        "kết quả được xếp vào tháng giải quyết."
    ),
    Grouping.WEEK: (
        "Theo tuần (tuần ISO, từ thứ Hai đến Chủ nhật): hồ sơ tiếp nhận và hồ sơ số hóa đầy "
        "đủ được xếp vào tuần tiếp nhận, kết quả được xếp vào tuần giải quyết."
    ),
}


def describe_definitions(
    settings: RatesSettings, rules: Collection[IntakeRule], groupings: Collection[Grouping]
) -> tuple[str, ...]:
    """`rules`: the intake rules that applied to dossiers of the period."""
    online = _ONLINE_COUNTS if settings.online_counts_as_digitized else _ONLINE_NEEDS_PAPERS
    sentences = [
        _INTAKE + online,
        *(_RULES[rule] for rule in IntakeRule if rule in rules),
        _RESULT,
        _FULL,
        _DOCUMENTS,
        _PERIOD,
        *(_BUCKETS[grouping] for grouping in _BUCKETS if grouping in groupings),
    ]
    return tuple(unicodedata.normalize("NFC", sentence) for sentence in sentences)
