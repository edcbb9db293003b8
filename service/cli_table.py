"""The one way the command line draws a table: identifiers are never cut.

A column of identifiers (dossier codes, receipt numbers, series, file names, ids) is as wide
as its longest value and never wraps, so that it can be copied whole; every other column
folds onto more lines when the terminal is narrow (80 columns) rather than being cut with
an ellipsis.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rich import box
from rich.cells import cell_len
from rich.console import JustifyMethod
from rich.table import Table


@dataclass(frozen=True)
class Column:
    heading: str
    identifier: bool = False
    number: bool = False


def key(heading: str) -> Column:
    """A column of identifiers: whole, on one line."""
    return Column(heading, identifier=True)


def number(heading: str) -> Column:
    """A column of counts or amounts, right-aligned."""
    return Column(heading, number=True)


def table(columns: Sequence[Column | str], rows: Iterable[Sequence[object]]) -> Table:
    chosen = [Column(column) if isinstance(column, str) else column for column in columns]
    cells = [["-" if value is None else str(value) for value in row] for row in rows]
    drawn = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False)
    for index, column in enumerate(chosen):
        justify: JustifyMethod = "right" if column.number else "left"
        if column.identifier:
            widest = max((cell_len(row[index]) for row in cells), default=1)
            drawn.add_column(
                column.heading, justify=justify, no_wrap=True, min_width=widest, overflow="fold"
            )
        else:
            drawn.add_column(column.heading, justify=justify, overflow="fold")
    for row in cells:
        drawn.add_row(*row)
    return drawn


def print_json(value: object) -> None:
    """Machine output: the same keys in both languages; ISO times, integers."""
    print(json.dumps(value, ensure_ascii=False, default=_machine))


def _machine(value: object) -> object:
    isoformat = getattr(value, "isoformat", None)  # dates and times
    return isoformat() if callable(isoformat) else str(value)
