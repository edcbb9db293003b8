"""`sohoa ocr`: scans in, searchable PDF/A files out, with a progress bar."""

from __future__ import annotations

import json
import threading
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from config import SohoaError, load_settings
from service.cli_table import key, number, table
from service.errors import report
from service.i18n import _
from service.page_reading_words import reading_summary

if TYPE_CHECKING:  # the digitizer (numpy, pikepdf) is imported when `sohoa ocr` runs
    from digitizer import DigitizeOptions, DigitizeResult

console = Console(highlight=False, soft_wrap=True)


class _Bar:
    """Feeds the digitizer's page counts, from worker threads, into a Rich bar."""

    def __init__(self, progress: Progress) -> None:
        self._progress = progress
        self._task = progress.add_task(_("OCR"), total=0)
        self._lock = threading.Lock()

    def pages_found(self, count: int) -> None:
        with self._lock:
            total = self._progress.tasks[0].total or 0
            self._progress.update(self._task, total=total + count)

    def page_done(self) -> None:
        self._progress.advance(self._task)


def ocr(
    inputs: Annotated[list[Path], typer.Argument(help=_("Scans: PDF, TIFF, JPEG or PNG files."))],
    output_dir: Annotated[Path, typer.Option("--output-dir", "-o", help=_("Where to write PDFs."))],
    as_json: Annotated[bool, typer.Option("--json", help=_("Print the results as JSON."))] = False,
    jobs: Annotated[int | None, typer.Option(help=_("Pages at once (default: CPU cores)."))] = None,
    language: Annotated[
        str | None, typer.Option("--lang", "-l", help=_("OCR languages, e.g. vie+eng."))
    ] = None,
    force: Annotated[bool | None, typer.Option(help=_("OCR pages that carry text too."))] = None,
    deskew: Annotated[bool | None, typer.Option(help=_("Straighten skewed pages."))] = None,
    rotate: Annotated[bool | None, typer.Option(help=_("Turn pages upright."))] = None,
    pdfa: Annotated[bool | None, typer.Option(help=_("Write PDF/A-2b (default)."))] = None,
) -> None:
    options = _options(jobs, language, force, deskew, rotate, pdfa)
    outcomes = _run(inputs, output_dir, options, show_progress=not as_json)
    if as_json:
        print(json.dumps([_as_json(outcome) for outcome in outcomes], ensure_ascii=False, indent=2))
    else:
        _print_summary(outcomes)
    failures = [outcome for outcome in outcomes if isinstance(outcome, SohoaError)]
    if failures:
        raise typer.Exit(int(failures[0].exit_code))


def _options(
    jobs: int | None,
    language: str | None,
    force: bool | None,
    deskew: bool | None,
    rotate: bool | None,
    pdfa: bool | None,
) -> DigitizeOptions:
    from digitizer import DigitizeOptions

    options = DigitizeOptions.from_settings(load_settings())
    chosen: dict[str, Any] = {
        "jobs": jobs,
        "language": language,
        "force": force,
        "deskew": deskew,
        "rotate_pages": rotate,
        "pdfa": pdfa,
    }
    return replace(options, **{key: value for key, value in chosen.items() if value is not None})


def _run(
    inputs: list[Path], output_dir: Path, options: DigitizeOptions, *, show_progress: bool
) -> list[DigitizeResult | SohoaError]:
    from digitizer import digitize_many

    if not show_progress:
        return digitize_many(inputs, output_dir, options)
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn())
    with Progress(*columns, TimeElapsedColumn(), console=console, transient=True) as progress:
        return digitize_many(inputs, output_dir, options, _Bar(progress))


def _as_json(outcome: DigitizeResult | SohoaError) -> dict[str, object]:
    if not isinstance(outcome, SohoaError):
        return {"ok": True, **outcome.to_dict()}
    path = getattr(outcome, "path", None)
    return {
        "ok": False,
        "input_path": str(path) if path else None,
        "error": outcome.message,
        "exit_code": int(outcome.exit_code),
    }


def _print_summary(outcomes: list[DigitizeResult | SohoaError]) -> None:
    rows = []
    for outcome in outcomes:
        if isinstance(outcome, SohoaError):
            report(outcome)
            continue
        seconds = f"{outcome.seconds:.1f}".replace(".", ",")
        rows.append((outcome.input_path, outcome.output_path, outcome.output_kind,
                     len(outcome.pages), seconds, _notes(outcome)))  # fmt: skip
    if rows:
        headings = (key(_("input")), key(_("output")), _("kind"), number(_("pages")),
                    number(_("seconds")), _("notes"))  # fmt: skip
        console.print(table(headings, rows))


def _notes(outcome: DigitizeResult) -> str:
    return "; ".join(part for part in (*outcome.notes, reading_summary(outcome.pages)) if part)
