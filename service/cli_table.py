"""The one way the command line draws a table: identifiers are never cut.

A column of identifiers (dossier codes, receipt numbers, series, file names, ids) is as wide
as its longest value and never wraps, so that it can be copied whole; every other column
folds onto more lines when the terminal is narrow (80 columns) rather than being cut with
an ellipsis. When even that cannot fit the identifiers side by side, each row is written
as lines of "heading: value" instead.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rich import box
from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, JustifyMethod, RenderResult
from rich.table import Table
from rich.text import Text

_GAP = 2
"""Between two columns: the separator and one space of padding."""
_NARROWEST = 4
"""The least a folding column is given before rows are written as lines instead."""


@dataclass(frozen=True)
class Column:
    heading: str
    whole: bool = False
    """Never split: identifiers, times, counts and amounts."""
    number: bool = False


def key(heading: str) -> Column:
    """A column of identifiers: whole, on one line."""
    return Column(heading, whole=True)


def moment(heading: str) -> Column:
    """A column of dates and times: on one line, like an identifier."""
    return Column(heading, whole=True)


def number(heading: str) -> Column:
    """A column of counts or amounts: right-aligned, never split."""
    return Column(heading, whole=True, number=True)


class Listing:
    """Rows under headings, drawn to the width of the terminal it is printed on."""

    def __init__(self, columns: Sequence[Column | str], rows: Iterable[Sequence[object]]):
        self.columns = [Column(column) if isinstance(column, str) else column for column in columns]
        self.rows = [["-" if value is None else str(value) for value in row] for row in rows]

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        # Headings whole where the terminal is wide enough, else wrapped between words;
        # when even that leaves no room, one line a field.
        for whole_headings in (True, False):
            widths = [self._width(index, whole_headings) for index in range(len(self.columns))]
            if not self.rows or sum(widths) + _GAP * (len(widths) - 1) <= options.max_width:
                yield self._table(widths)
                return
        yield from self._lines()

    def _width(self, index: int, whole_heading: bool) -> int:
        """What a column needs: an unsplit one its longest value and its heading (whole, or
        its longest word); a folding one a few characters."""
        column = self.columns[index]
        if not column.whole:
            return _NARROWEST
        words = column.heading.split() or [""]
        heading = cell_len(column.heading) if whole_heading else max(map(cell_len, words))
        return max([heading, *(cell_len(row[index]) for row in self.rows)])

    def _table(self, widths: list[int]) -> Table:
        drawn = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False, collapse_padding=True)
        for column, width in zip(self.columns, widths, strict=True):
            justify: JustifyMethod = "right" if column.number else "left"
            heading = Text(column.heading, no_wrap=False)  # headings wrap between words
            if column.whole:
                drawn.add_column(heading, justify=justify, no_wrap=True, width=width)
            else:
                drawn.add_column(heading, justify=justify, overflow="fold")
        for row in self.rows:
            drawn.add_row(*(Text(cell) for cell in row))  # never read as markup
        return drawn

    def _lines(self) -> RenderResult:
        for number_in_list, row in enumerate(self.rows):
            if number_in_list:
                yield Text("")
            for column, value in zip(self.columns, row, strict=True):
                line = Text.assemble((f"{column.heading}: ", "bold"), value)
                yield Text(line.plain, spans=line.spans, no_wrap=True, overflow="ignore")


def table(columns: Sequence[Column | str], rows: Iterable[Sequence[object]]) -> Listing:
    return Listing(columns, rows)


def print_json(value: object) -> None:
    """Machine output: the same keys in both languages; ISO times, integers."""
    print(json.dumps(value, ensure_ascii=False, default=_machine))


def _machine(value: object) -> object:
    isoformat = getattr(value, "isoformat", None)  # dates and times
    return isoformat() if callable(isoformat) else str(value)
