"""What was done to read each page, in words, for the command line's summary."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol

from service.i18n import _


class _ReadPage(Protocol):
    @property
    def number(self) -> int: ...

    @property
    def reading(self) -> tuple[str, ...]: ...


_STEP_WORDS: dict[str, Callable[[], str]] = {
    "flattened": lambda: _("photo flattened"),
    "not_flattened": lambda: _("photo read as it is (no page edges found)"),
    "colour_ink_dropped": lambda: _("red and blue ink left out"),
    "downsampled": lambda: _("read at a lower resolution"),
    "upsampled": lambda: _("enlarged to read"),
    "thresholded": lambda: _("read by local thresholds"),
    "blank": lambda: _("blank, not read"),
}


def reading_summary(pages: Sequence[_ReadPage]) -> str:
    """'pages 2, 4: blank, not read; page 1: photo flattened', in the order steps come."""
    pages_by_step: dict[str, list[int]] = {}
    for page in pages:
        for step in page.reading:
            pages_by_step.setdefault(step, []).append(page.number)
    return "; ".join(
        f"{_where(numbers)}: {_words(step)}" for step, numbers in pages_by_step.items()
    )


def _where(numbers: list[int]) -> str:
    listed = ", ".join(str(number) for number in numbers)
    return (
        _("page {pages}").format(pages=listed)
        if len(numbers) == 1
        else _("pages {pages}").format(pages=listed)
    )


def _words(step: str) -> str:
    words = _STEP_WORDS.get(step)
    return words() if words else step
