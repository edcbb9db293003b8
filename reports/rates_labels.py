"""The Vietnamese words and number style every export of the rates report shares.

Numbers read the Vietnamese way: "." groups thousands and "," starts the decimals
(45.540; "95,70 %", a no-break space before the sign so that it never wraps away). An
empty denominator is "N/A", never 0 %.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal
from zoneinfo import ZoneInfo

from reports.rates_model import Grouping, GroupRates, Missing, Rate, RatesReport

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
NOT_APPLICABLE = "N/A"

RateName = Literal["intake", "result", "full", "reuse"]
RATE_NAMES: tuple[RateName, ...] = ("intake", "result", "full", "reuse")

RATE_TITLES: dict[RateName, str] = {
    "intake": "Số hóa hồ sơ khi tiếp nhận",
    "result": "Số hóa kết quả giải quyết",
    "full": "Hồ sơ được số hóa đầy đủ",
    "reuse": "Hồ sơ tái sử dụng kết quả số hóa",
}
CHART_TITLES: dict[RateName, str] = {
    "intake": "Tỷ lệ số hóa hồ sơ khi tiếp nhận",
    "result": "Tỷ lệ số hóa kết quả giải quyết thủ tục hành chính",
    "full": "Tỷ lệ hồ sơ được số hóa đầy đủ",
    "reuse": "Tỷ lệ hồ sơ tái sử dụng kết quả số hóa",
}
REPORT_TITLE = "Kết quả số hóa hồ sơ, kết quả giải quyết thủ tục hành chính"

GROUP_HEADERS: dict[Grouping | None, str] = {
    Grouping.UNIT: "Đơn vị",
    Grouping.PROCEDURE: "Thủ tục hành chính",
    Grouping.FIELD: "Lĩnh vực",
    Grouping.CHANNEL: "Kênh tiếp nhận",
    Grouping.MONTH: "Tháng",
    Grouping.WEEK: "Tuần",
    None: "Phạm vi",
}
BY_GROUPING: dict[Grouping | None, str] = {
    Grouping.UNIT: "theo đơn vị",
    Grouping.PROCEDURE: "theo thủ tục hành chính",
    Grouping.FIELD: "theo lĩnh vực",
    Grouping.CHANNEL: "theo kênh tiếp nhận",
    Grouping.MONTH: "theo tháng",
    Grouping.WEEK: "theo tuần",
    None: "toàn kỳ",
}

NAME_HEADERS: dict[Grouping | None, str] = {
    Grouping.UNIT: "Tên đơn vị",
    Grouping.PROCEDURE: "Tên thủ tục",
}
"""The groupings whose labels are codes with names: the exports add a column of the names."""

MISSING_HEADERS = (
    "Mã hồ sơ",
    "Đơn vị",
    "Tên đơn vị",
    "Thủ tục hành chính",
    "Tên thủ tục",
    "Ngày tiếp nhận",
    "Ngày giải quyết",
    "Chưa số hóa",
    "Chi tiết",
)
MISSING_WHAT: dict[Missing, str] = {
    Missing.INTAKE: "Thành phần hồ sơ khi tiếp nhận",
    Missing.RESULT: "Kết quả giải quyết",
}

_MONTH = re.compile(r"(\d{4})-(\d{2})")
_WEEK = re.compile(r"(\d{4})-W(\d{2})")


def pick_rate(group: GroupRates, name: RateName) -> Rate:
    match name:
        case "intake":
            return group.intake
        case "result":
            return group.result
        case "full":
            return group.full
        case "reuse":
            return group.reuse


def format_integer(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def format_decimal(value: Decimal, places: int | None = 2) -> str:
    """`places=None` keeps only the decimals the value needs (80 → "80", 82.5 → "82,5")."""
    if places is None:
        text = format(value.normalize(), "f")
    else:
        text = format(value.quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP), "f")
    sign = "-" if text.startswith("-") else ""
    whole, _, fraction = text.lstrip("-").partition(".")
    return sign + format_integer(int(whole)) + ("," + fraction if fraction else "")


PERCENT_SIGN = "\u00a0%"
"""A no-break space, then the sign: "80,00 %" stays on one line wherever it is shown."""


def format_percent(percent: Decimal | None) -> str:
    return NOT_APPLICABLE if percent is None else f"{format_decimal(percent)}{PERCENT_SIGN}"


def format_points(points: Decimal | None) -> str:
    return NOT_APPLICABLE if points is None else format_decimal(points)


def rate_figures(report: RatesReport, rate: Rate) -> list[str]:
    """Numerator, denominator, rate and points, as a report's table shows them."""
    points = rate.points(report.max_points, report.full_points_at)
    return [
        format_integer(rate.numerator),
        format_integer(rate.denominator),
        format_percent(rate.percent),
        format_points(points),
    ]


def format_date(day: dt.date) -> str:
    return f"{day:%d/%m/%Y}"


def in_vietnam(moment: dt.datetime) -> dt.datetime:
    """The store keeps UTC; a naive time (as SQLite gives back) is taken as UTC."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(VIETNAM)


def describe_period(report: RatesReport) -> str:
    return f"Từ ngày {format_date(report.start)} đến ngày {format_date(report.end)}"


def describe_group(label: str, grouping: Grouping | None) -> str:
    """A month "2026-10" reads "10/2026" and a week "2026-W41" "Tuần 41/2026"; other
    labels (unit and procedure codes, names) are shown as they are."""
    if grouping is Grouping.MONTH and (month := _MONTH.fullmatch(label)):
        return f"{month[2]}/{month[1]}"
    if grouping is Grouping.WEEK and (week := _WEEK.fullmatch(label)):
        return f"Tuần {week[2]}/{week[1]}"
    return label


def name_and_code(group: GroupRates, grouping: Grouping | None) -> str:
    """A unit or procedure as "name (code)" when it has a name; other groups described."""
    described = describe_group(group.group, grouping)
    return f"{group.group_name} ({described})" if group.group_name else described


def describe_missing(missing: tuple[Missing, ...]) -> str:
    return "; ".join(MISSING_WHAT[item] for item in missing)


def describe_counts(report: RatesReport) -> tuple[str, ...]:
    """Both numerators of each rate of the whole period, whatever the rule in force: the
    dossiers counted with their documents attached, and those with them signed and the
    signature verified."""
    rule = "đã ký số hợp lệ" if report.signed_rule else "đã gắn hồ sơ"
    lines = []
    for name in RATE_NAMES:
        rate = pick_rate(report.total, name)
        if rate.tagged is None or rate.signed is None:
            continue
        lines.append(
            f"{RATE_TITLES[name]}: {format_integer(rate.tagged)} hồ sơ có giấy tờ đã gắn hồ "
            f"sơ (đã ký hay chưa), trong đó {format_integer(rate.signed)} hồ sơ có giấy tờ "
            f"đã ký số hợp lệ và {format_integer(rate.tagged - rate.signed)} hồ sơ chỉ mới "
            f"gắn hồ sơ; tỷ lệ trong bảng tính theo giấy tờ {rule}."
        )
    return tuple(lines)


def explain_waiting(group: GroupRates) -> str | None:
    """Why the full rate can be lower than the missing-intake and missing-result figures
    suggest, in one line; None when nothing needs saying."""
    if group.waiting == 0:
        return None
    return (
        f"{format_integer(group.waiting)} hồ sơ tiếp nhận trong kỳ đã số hóa thành phần nhưng "
        "đang chờ kết quả (chưa giải quyết trong kỳ) nên chưa được tính là số hóa đầy đủ, "
        "và không nằm trong số hồ sơ thiếu kết quả, vốn chỉ gồm hồ sơ đã giải quyết trong kỳ."
    )


def waiting_line(report: RatesReport) -> str | None:
    """The one line a page shows under its table when a row's full rate is lower than its
    missing figures suggest: the total's, or said of the rows when only they have some."""
    said = explain_waiting(report.total)
    if said is None and any(group.waiting for group in report.groups):
        said = (
            "Ở một số dòng, hồ sơ tiếp nhận trong kỳ đang chờ kết quả (chưa giải quyết trong "
            "kỳ của dòng) chưa được tính là số hóa đầy đủ, nhưng không nằm trong số hồ sơ "
            "thiếu kết quả, vốn chỉ gồm hồ sơ đã giải quyết trong kỳ."
        )
    return said


def list_notes(report: RatesReport) -> tuple[str, ...]:
    """The definitions the engine used, both counts of each rate, why the full rate may
    look low, then how points and N/A are read."""
    threshold = f"{format_decimal(report.full_points_at, None)}%"
    most = format_decimal(report.max_points, None)
    made = in_vietnam(report.generated_at)
    waiting = explain_waiting(report.total)
    return (
        *report.definitions,
        *describe_counts(report),
        *((waiting,) if waiting else ()),
        f"Tỷ lệ từ {threshold} trở lên đạt điểm tối đa ({most} điểm); dưới {threshold}, "
        f"điểm = tỷ lệ × {most} ÷ {threshold} (mức của năm {report.end.year}, năm của ngày "
        "cuối kỳ).",
        f"Tỷ lệ làm tròn đến hai chữ số thập phân; {NOT_APPLICABLE}: trong kỳ không có hồ sơ "
        "thuộc mẫu số, không tính là 0%.",
        f"Số liệu tổng hợp từ hệ thống Sohoa lúc {made:%H:%M} ngày {format_date(made)} "
        "(giờ Việt Nam).",
        *((report.trail_proof,) if report.trail_proof else ()),
    )
