"""A chart of one rate across the report's groups, as PNG or SVG.

Months and weeks are drawn as a line, other groupings (units, procedures, …) as bars
coloured by whether they reach the full-points rate, which is drawn as a dashed line.
A group with an empty denominator is a gap marked "N/A", never a zero.

Drawn on a bare matplotlib Figure with the Agg canvas: no pyplot, no display, no global
state. DejaVu Sans (shipped with matplotlib) has every Vietnamese letter; SVG keeps the
labels as text.
"""

from __future__ import annotations

import io
import math
from decimal import Decimal
from pathlib import Path
from typing import Literal

from matplotlib import rc_context
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter, MultipleLocator

from reports.rates_errors import RatesFormatError
from reports.rates_labels import (
    BY_GROUPING,
    CHART_TITLES,
    GROUP_HEADERS,
    NOT_APPLICABLE,
    RateName,
    describe_group,
    describe_period,
    format_decimal,
    format_integer,
    format_percent,
    pick_rate,
)
from reports.rates_model import Grouping, RatesReport

ImageFormat = Literal["png", "svg"]

_REACHED, _BELOW, _THRESHOLD, _MUTED = "#2f6db5", "#e08a1e", "#c0392b", "#808080"
_DPI = 150
_MOST_LABELLED = 24
"""With more groups than this, values are not printed above the bars."""


def chart_format(target: Path) -> ImageFormat:
    """The image format a chart file is named for: .png or .svg."""
    suffix = target.suffix.lower()
    if suffix == ".png":
        return "png"
    if suffix == ".svg":
        return "svg"
    raise RatesFormatError(
        f"{target}: a chart is drawn as .png or .svg; choose one of these.",
        code="rates.chart_format",
        params={"file": target},
    )


def rates_chart_bytes(
    report: RatesReport, *, what: RateName = "full", image_format: ImageFormat = "png"
) -> bytes:
    groups = report.groups or (report.total,)
    labels = [group.group_name or describe_group(group.group, report.grouping) for group in groups]
    percents = [pick_rate(group, what).percent for group in groups]
    values = [math.nan if percent is None else float(percent) for percent in percents]
    with rc_context(
        {
            "font.family": ["DejaVu Sans"],
            "font.size": 9,
            "svg.fonttype": "none",  # labels stay text in an SVG
            "svg.hashsalt": "sohoa",  # the same SVG for the same report
        }
    ):
        width = min(16.0, max(7.0, 0.6 * len(labels) + 2.5))
        figure = Figure(figsize=(width, 4.8), dpi=_DPI, layout="constrained")
        FigureCanvasAgg(figure)
        axes = figure.add_subplot()
        positions = list(range(len(labels)))
        if report.grouping in (Grouping.MONTH, Grouping.WEEK):
            handles = _draw_line(axes, positions, values)
        else:
            handles = _draw_bars(axes, positions, values, report.full_points_at)
        handles.append(_draw_threshold(axes, report.full_points_at))
        _label_values(axes, positions, percents)
        _set_axes(axes, report, labels)
        _set_titles(figure, axes, report, what)
        figure.legend(
            handles=handles, loc="outside lower center", ncols=len(handles), frameon=False
        )
        buffer = io.BytesIO()
        metadata = {"Date": None} if image_format == "svg" else {"Software": None}
        figure.savefig(buffer, format=image_format, metadata=metadata)
    return buffer.getvalue()


def _draw_line(axes: Axes, positions: list[int], values: list[float]) -> list[Artist]:
    # NaN breaks the line: an N/A month is a gap between its neighbours.
    (line,) = axes.plot(positions, values, color=_REACHED, marker="o", linewidth=1.8)
    line.set_label("Tỷ lệ")
    return [line]


def _draw_bars(
    axes: Axes, positions: list[int], values: list[float], threshold: Decimal
) -> list[Artist]:
    # An N/A group gets no bar at all: a bar of height 0 would read as 0 %.
    shown = [
        (x, value) for x, value in zip(positions, values, strict=True) if not math.isnan(value)
    ]
    colours = [_REACHED if value >= float(threshold) else _BELOW for _, value in shown]
    axes.bar([x for x, _ in shown], [value for _, value in shown], color=colours, width=0.6)
    named = format_decimal(threshold, None)
    return [
        Patch(color=_REACHED, label=f"Từ {named}% trở lên"),
        Patch(color=_BELOW, label=f"Dưới {named}%"),
    ]


def _draw_threshold(axes: Axes, threshold: Decimal) -> Artist:
    axes.axhline(float(threshold), color=_THRESHOLD, linestyle="--", linewidth=1.2)
    label = f"Mức đạt điểm tối đa ({format_decimal(threshold, None)}%)"
    return Line2D([], [], color=_THRESHOLD, linestyle="--", label=label)


def _label_values(axes: Axes, positions: list[int], percents: list[Decimal | None]) -> None:
    labelled = len(positions) <= _MOST_LABELLED
    for x, percent in zip(positions, percents, strict=True):
        if percent is None:
            axes.text(x, 2, NOT_APPLICABLE, ha="center", va="bottom", color=_MUTED, fontsize=8)
        elif labelled:
            top = float(percent) + 1.5
            label = axes.text(x, top, format_percent(percent), ha="center", va="bottom")
            label.set(fontsize=7.5, backgroundcolor="white")


def _set_axes(axes: Axes, report: RatesReport, labels: list[str]) -> None:
    axes.set_ylim(0, 110)
    axes.set_xlim(-0.6, len(labels) - 0.4)
    axes.yaxis.set_major_locator(MultipleLocator(20))
    axes.yaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:.0f}%"))
    axes.set_ylabel("Tỷ lệ")
    axes.set_xlabel(GROUP_HEADERS[report.grouping])
    axes.set_xticks(range(len(labels)), labels)
    if len(labels) > 8 or max(map(len, labels)) > 12:
        for tick in axes.get_xticklabels():
            tick.set_rotation(40)
            tick.set_horizontalalignment("right")
    axes.grid(axis="y", color="#e0e0e0", linewidth=0.6)
    axes.set_axisbelow(True)
    axes.spines[["top", "right"]].set_visible(False)


def _set_titles(figure: Figure, axes: Axes, report: RatesReport, what: RateName) -> None:
    figure.suptitle(f"{CHART_TITLES[what]} {BY_GROUPING[report.grouping]}", fontweight="bold")
    total = pick_rate(report.total, what)
    counts = f"{format_integer(total.numerator)}/{format_integer(total.denominator)} hồ sơ"
    axes.set_title(
        f"{describe_period(report)} · {report.total.group}: "
        f"{format_percent(total.percent)} ({counts})",
        fontsize=9,
        color="#404040",
    )
