"""Running OCR tools on a workload and judging what they wrote: the OCR benchmark's machinery.

A workload is a set of documents (PDFs or images) with the text drawn on each page; a tool
turns each document into a searchable PDF; a run is measured for wall time and peak memory
and judged for character error rate and `qpdf --check`.
"""

from __future__ import annotations

import contextlib
import importlib.util
import operator
import os
import shlex
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import img2pdf
import pikepdf
import psutil

from tests.support.pages import character_error_rate

CORES = os.cpu_count() or 1
LANGUAGE = "vie"
SAMPLE_SECONDS = 0.05
SOHOA_RESULTS = "sohoa-results.json"

FLOOR, OCRMYPDF, SOHOA = "floor (tesseract)", "OCRmyPDF", "Sohoa"
SOHOA_DEFLATED = "Sohoa, deflate_jpeg"


class ToolError(Exception):
    """A tool exited with an error; the message says which command and why."""


@dataclass(frozen=True)
class Document:
    source: Path  # a PDF, or an image file
    page_images: tuple[Path, ...]
    truths: tuple[str, ...]

    @property
    def output_name(self) -> str:
        return f"{self.source.stem}.pdf"


@dataclass(frozen=True)
class Workload:
    name: str
    directory: Path
    documents: tuple[Document, ...]

    @property
    def page_images(self) -> list[Path]:
        return [image for document in self.documents for image in document.page_images]

    @property
    def truths(self) -> list[str]:
        return [truth for document in self.documents for truth in document.truths]

    @property
    def page_count(self) -> int:
        return len(self.truths)

    def describe(self) -> str:
        first = self.documents[0]
        kind = first.source.suffix.lstrip(".").upper().replace("JPG", "JPEG")
        return f"{len(self.documents)} × {len(first.page_images)}-page {kind}"


def write_pdf(images: Sequence[Path], path: Path) -> Path:
    """A PDF of the JPEGs embedded unchanged, as a scanner driver writes it."""
    path.write_bytes(img2pdf.convert([str(image) for image in images]))
    return path


# --- Running the tools --------------------------------------------------------------------


def single_threaded_env() -> dict[str, str]:
    return {**os.environ, "OMP_THREAD_LIMIT": "1"}


def default_sohoa_env() -> dict[str, str]:
    """Sohoa with its defaults: no SOHOA_* overrides (and no sohoa.toml, by the cwd)."""
    return {key: value for key, value in os.environ.items() if not key.startswith("SOHOA_")}


def run_quietly(command: Sequence[str], *, env: dict[str, str], cwd: Path) -> bytes:
    """Run a command to its end; return what it printed, or raise if it failed."""
    completed = subprocess.run(command, capture_output=True, env=env, cwd=cwd, check=False)
    if completed.returncode != 0:
        said = completed.stderr.decode("utf-8", errors="replace").strip().splitlines()[-3:]
        raise ToolError(
            f"`{abridged(command)}` exited with {completed.returncode}: " + " / ".join(said)
        )
    return completed.stdout


def abridged(command: Sequence[str], words: int = 8) -> str:
    shown = shlex.join(command[:words])
    return shown if len(command) <= words else f"{shown} …"


def run_at_once(
    commands: Sequence[Sequence[str]], *, at_once: int, env: dict[str, str], cwd: Path
) -> None:
    with ThreadPoolExecutor(at_once) as launcher:
        futures = [launcher.submit(run_quietly, command, env=env, cwd=cwd) for command in commands]
        for future in futures:
            future.result()


def run_floor(workload: Workload, out_dir: Path) -> list[Path]:
    """One single-threaded `tesseract ... pdf` per page image, a core each."""
    bases = [out_dir / f"page-{number:04d}" for number in range(1, workload.page_count + 1)]
    commands = [
        ["tesseract", str(image), str(base), "-l", LANGUAGE, "pdf"]
        for image, base in zip(workload.page_images, bases, strict=True)
    ]
    run_at_once(commands, at_once=CORES, env=single_threaded_env(), cwd=out_dir)
    return [Path(f"{base}.pdf") for base in bases]


def run_ocrmypdf(workload: Workload, out_dir: Path, *, options: Sequence[str] = ()) -> list[Path]:
    """Documents spread over the cores: one at `--jobs <cores>`, or many at `--jobs 1`."""
    documents_at_once = min(CORES, len(workload.documents))
    jobs_each = max(1, CORES // documents_at_once)
    outputs = [out_dir / document.output_name for document in workload.documents]
    ocrmypdf = [sys.executable, "-m", "ocrmypdf", "-l", LANGUAGE, "--jobs", str(jobs_each)]
    ocrmypdf += options
    commands = [
        [*ocrmypdf, str(document.source), str(output)]
        for document, output in zip(workload.documents, outputs, strict=True)
    ]
    run_at_once(commands, at_once=documents_at_once, env=single_threaded_env(), cwd=out_dir)
    return outputs


def sohoa_command() -> Path:
    """The `sohoa` console script of the environment the bench runs in."""
    return Path(sys.executable).parent / "sohoa"


def run_sohoa(workload: Workload, out_dir: Path) -> list[Path]:
    """Every document of the workload in one `sohoa ocr` call, sharing its page workers."""
    return run_sohoa_with(workload, out_dir, {})


def run_sohoa_deflated(workload: Workload, out_dir: Path) -> list[Path]:
    """Sohoa with the scanner's JPEGs wrapped in Flate, as OCRmyPDF does by default."""
    return run_sohoa_with(workload, out_dir, {"SOHOA_OCR__DEFLATE_JPEG": "true"})


def run_sohoa_with(workload: Workload, out_dir: Path, settings: dict[str, str]) -> list[Path]:
    """One `sohoa ocr` call with these SOHOA_* settings over the defaults.

    Its JSON results are kept beside the outputs, in SOHOA_RESULTS.
    """
    inputs = [str(document.source) for document in workload.documents]
    command = [str(sohoa_command()), "ocr", *inputs, "-o", str(out_dir)]
    command += ["--jobs", str(CORES), "--json"]
    printed = run_quietly(command, env={**default_sohoa_env(), **settings}, cwd=out_dir)
    (out_dir / SOHOA_RESULTS).write_bytes(printed)
    return [out_dir / document.output_name for document in workload.documents]


@dataclass(frozen=True)
class Tool:
    name: str
    key: str  # names its output directories
    run: Callable[[Workload, Path], list[Path]]  # returns the output PDFs


FLOOR_TOOL = Tool(FLOOR, "floor", run_floor)
OCRMYPDF_TOOL = Tool(OCRMYPDF, "ocrmypdf", run_ocrmypdf)
SOHOA_TOOL = Tool(SOHOA, "sohoa", run_sohoa)
SOHOA_DEFLATED_TOOL = Tool(SOHOA_DEFLATED, "sohoa-deflated", run_sohoa_deflated)


def ocrmypdf_installed() -> bool:
    return importlib.util.find_spec("ocrmypdf") is not None


def available_tools() -> list[Tool]:
    if ocrmypdf_installed():
        return [FLOOR_TOOL, OCRMYPDF_TOOL, SOHOA_TOOL, SOHOA_DEFLATED_TOOL]
    print(
        "OCRmyPDF is not installed in this environment, so it is left out; "
        "`make bench` installs it into .venv-bench.",
        file=sys.stderr,
    )
    return [FLOOR_TOOL, SOHOA_TOOL, SOHOA_DEFLATED_TOOL]


# --- Measuring ----------------------------------------------------------------------------


def descendants_rss() -> int:
    """The summed resident memory of every process this one started, and theirs."""
    total = 0
    for process in psutil.Process().children(recursive=True):
        with contextlib.suppress(psutil.NoSuchProcess, psutil.AccessDenied):
            total += process.memory_info().rss
    return total


class PeakMemory:
    """Samples `descendants_rss` in the background while the block runs; keeps the peak."""

    def __init__(self, interval: float = SAMPLE_SECONDS) -> None:
        self.interval = interval
        self.peak_bytes = 0
        self._stop = threading.Event()
        self._sampler = threading.Thread(target=self._sample, daemon=True)

    def __enter__(self) -> PeakMemory:
        self._sampler.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._sampler.join()

    def _sample(self) -> None:
        while True:
            self.peak_bytes = max(self.peak_bytes, descendants_rss())
            if self._stop.wait(self.interval):
                return


@dataclass(frozen=True)
class Run:
    tool: str
    workload: Workload
    outputs: tuple[Path, ...]  # their pages, in order, are the workload's pages
    seconds: float
    peak_bytes: int


def measure(tool: Tool, workload: Workload, out_dir: Path) -> Run:
    out_dir.mkdir(parents=True)
    with PeakMemory() as memory:
        started = time.perf_counter()
        outputs = tool.run(workload, out_dir)
        seconds = time.perf_counter() - started
    return Run(tool.name, workload, tuple(outputs), seconds, memory.peak_bytes)


# --- Judging the output -------------------------------------------------------------------


def page_texts(pdf: Path) -> list[str]:
    """The text layer of each page, in the order the OCR wrote it (`-raw`).

    pdftotext's default layout analysis reorders the lines of a tilted page, which
    would measure pdftotext, not the OCR.
    """
    completed = subprocess.run(
        ["pdftotext", "-raw", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, check=True
    )
    return completed.stdout.decode("utf-8").split("\f")[:-1]  # every page ends with a form feed


def mean_cer(run: Run) -> float:
    texts = [text for output in run.outputs for text in page_texts(output)]
    if len(texts) != run.workload.page_count:
        raise ToolError(f"{run.tool} wrote {len(texts)} pages, not {run.workload.page_count}")
    rates = [
        character_error_rate(truth, text)
        for truth, text in zip(run.workload.truths, texts, strict=True)
    ]
    return sum(rates) / len(rates)


def output_type(pdf: Path) -> str:
    with pikepdf.open(pdf) as document:
        conformance = document.open_metadata().pdfa_status
    return f"PDF/A-{conformance.lower()}" if conformance else "PDF"


def output_types(outputs: Sequence[Path]) -> str:
    return ", ".join(sorted({output_type(output) for output in outputs}))


@dataclass(frozen=True)
class QpdfCheck:
    errors: int
    warnings: int

    def describe(self) -> str:
        if not self.errors and not self.warnings:
            return "ok"
        return f"{self.errors} with errors, {self.warnings} with warnings"


def qpdf_check(outputs: Sequence[Path]) -> QpdfCheck:
    """qpdf exits with 2 on errors and 3 on warnings only."""
    codes = [
        subprocess.run(["qpdf", "--check", str(output)], capture_output=True).returncode
        for output in outputs
    ]
    return QpdfCheck(errors=codes.count(2), warnings=codes.count(3))


@dataclass(frozen=True)
class Result:
    tool: str
    workload: str
    pages: int
    seconds: float
    peak_bytes: int
    output_bytes: int
    cer: float
    output_type: str
    qpdf: QpdfCheck

    @property
    def pages_per_minute(self) -> float:
        return self.pages / self.seconds * 60


def judge(run: Run) -> Result:
    return Result(
        tool=run.tool,
        workload=run.workload.name,
        pages=run.workload.page_count,
        seconds=run.seconds,
        peak_bytes=run.peak_bytes,
        output_bytes=sum(output.stat().st_size for output in run.outputs),
        cer=mean_cer(run),
        output_type=output_types(run.outputs),
        qpdf=qpdf_check(run.outputs),
    )


@dataclass(frozen=True)
class Failure:
    tool: str
    workload: str
    reason: str


def benchmark(tool: Tool, workload: Workload, out_root: Path) -> Result | Failure:
    print(f"{workload.name}: {tool.name} ...", file=sys.stderr, flush=True)
    out_dir = out_dir_for(tool, workload, out_root)
    try:
        result = judge(measure(tool, workload, out_dir))
    except ToolError as failure:
        print(f"  failed: {failure}", file=sys.stderr)
        return Failure(tool.name, workload.name, str(failure))
    print(f"  {result.seconds:.1f} s, {result.peak_bytes / 2**20:.0f} MiB", file=sys.stderr)
    return result


def out_dir_for(tool: Tool, workload: Workload, out_root: Path) -> Path:
    return out_root / f"{workload.directory.name}-{tool.key}"


def warm_up(tools: Sequence[Tool], workload: Workload, out_dir: Path) -> None:
    """Load Tesseract's language data and each tool's code once, so none meets a cold cache."""
    out_dir.mkdir(parents=True)
    image = workload.page_images[0]
    commands = [["tesseract", str(image), str(out_dir / "warm-up"), "-l", LANGUAGE, "txt"]]
    if any(tool.key == OCRMYPDF_TOOL.key for tool in tools):
        commands.append([sys.executable, "-m", "ocrmypdf", "--version"])
    commands.append([str(sohoa_command()), "--help"])
    for command in commands:
        run_quietly(command, env=single_threaded_env(), cwd=out_dir)


# --- Targets ------------------------------------------------------------------------------

COMPARISONS: dict[str, Callable[[float, float], bool]] = {
    "≤": operator.le,
    "≥": operator.ge,
    "<": operator.lt,
}


@dataclass(frozen=True)
class Target:
    workload: str
    quantity: str
    comparison: str  # a key of COMPARISONS
    limit: float
    value: float | None  # None: a tool it needs was left out or failed
    decimals: int = 2

    @property
    def shown(self) -> str:
        return "–" if self.value is None else f"{self.value:.{self.decimals}f}"

    @property
    def verdict(self) -> str:
        """Judged on the value as shown: a CER 0.0001 points worse is no worse."""
        if self.value is None:
            return "n/a"
        shown = round(self.value, self.decimals)
        return "PASS" if COMPARISONS[self.comparison](shown, self.limit) else "MISS"


def markdown_table(header: Sequence[str], align: str, rows: Sequence[Sequence[str]]) -> str:
    """`align` holds one letter a column: l(eft) or r(ight)."""
    rule = ["---:" if side == "r" else "---" for side in align]
    lines = [header, rule, *rows]
    return "\n".join("| " + " | ".join(map(escape_cell, cells)) + " |" for cells in lines)


def escape_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def listed_workloads(workloads: Sequence[Workload]) -> str:
    """'name: 1 × 20-page PDF (20 pages); …' for a report's opening sentence."""
    return "; ".join(
        f"{w.name}: {w.describe()} ({w.page_count} page{'s' if w.page_count > 1 else ''})"
        for w in workloads
    )
