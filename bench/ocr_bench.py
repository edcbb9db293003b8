"""Sohoa against the floor (bare Tesseract) and OCRmyPDF, on generated Vietnamese scans.

Not part of `make test`: `make bench` runs it in `.venv-bench`, which adds OCRmyPDF and
psutil to the project. By hand, from the repository root:

    .venv-bench/bin/python -m bench.ocr_bench [--quick] [--skip-200] [--out FILE]

Two workloads of 300-dpi JPEG scans, drawn with fixed seeds: one 20-page scan, and a
day's intake of 40 one-page scans, where the cost of each document matters. Each is
digitized by

- the floor: bare `tesseract IMG OUT -l vie pdf` per page, single-threaded, with as many
  pages at once as there are cores;
- OCRmyPDF with `-l vie` and OMP_THREAD_LIMIT=1: `--jobs <cores>` on the long scan, and
  on the intake as many one-page documents at once as there are cores, `--jobs 1` each;
- Sohoa as it ships: one `sohoa ocr ... --jobs <cores>` call per workload.

Each run is measured for wall time, pages per minute, peak memory (the summed RSS of
every process the bench started, sampled every 50 ms), output size, character error rate
against the text drawn on the pages, and `qpdf --check`. The report compares them with
the targets: Sohoa within 1.15x the floor's time, at least 1.5x faster than OCRmyPDF,
output no larger than OCRmyPDF's and a CER no worse. Last, Sohoa alone digitizes a
200-page scan of lighter pages, whose peak memory must stay under 1 GB (pages are
streamed, not all held). The markdown report is printed and written to bench/results.md.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import importlib.metadata
import importlib.util
import operator
import os
import platform
import shlex
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import img2pdf
import pikepdf
import psutil

if not __package__:  # run as a file, not with -m: the repository's `tests` must be importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.support.pages import (
    character_error_rate,
    corpus_text,
    make_page,
    save_jpeg,
    scanned,
)

CORES = os.cpu_count() or 1
LANGUAGE = "vie"
SAMPLE_SECONDS = 0.05
MEMORY_LIMIT_MB = 1000  # 1 GB
DEFAULT_OUT = Path(__file__).resolve().parent / "results.md"
QUICK_OUT = Path(__file__).resolve().parent / "results-quick.md"

FLOOR, OCRMYPDF, SOHOA = "floor (tesseract)", "OCRmyPDF", "Sohoa"
SOHOA_DEFLATED = "Sohoa, deflate_jpeg"
LONG_SCAN, INTAKE = "long scan", "intake"


class ToolError(Exception):
    """A tool exited with an error; the message says which command and why."""


# --- Workloads --------------------------------------------------------------------------


@dataclass(frozen=True)
class Sizes:
    long_scan_pages: int
    intake_documents: int
    big_scan_pages: int
    big_scan_lines: int = 8  # lighter pages keep the big scan to a few minutes


FULL = Sizes(long_scan_pages=20, intake_documents=40, big_scan_pages=200)
QUICK = Sizes(long_scan_pages=4, intake_documents=8, big_scan_pages=10)


@dataclass(frozen=True)
class PageSpec:
    seed: int
    lines: int
    image: Path


@dataclass(frozen=True)
class Document:
    pdf: Path
    page_images: tuple[Path, ...]
    truths: tuple[str, ...]


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
        pages_each = self.documents[0].page_images
        return f"{len(self.documents)} × {len(pages_each)}-page PDF"


def skew_for(seed: int) -> float:
    """A tilt of 0.5 to 1.5 degrees, alternately anticlockwise and clockwise."""
    magnitude = 0.5 + (seed % 11) / 10
    return magnitude if seed % 2 == 0 else -magnitude


def draw_page(spec: PageSpec) -> str:
    """Save the scan of a generated page as a 300-dpi JPEG; return the text drawn on it."""
    page = make_page(corpus_text().split(), lines=spec.lines, seed=spec.seed)
    save_jpeg(scanned(page.image, skew_degrees=skew_for(spec.seed), seed=spec.seed), spec.image)
    return page.text


def write_pdf(images: Sequence[Path], path: Path) -> Path:
    """A PDF of the JPEGs embedded unchanged, as a scanner driver writes it."""
    path.write_bytes(img2pdf.convert([str(image) for image in images]))
    return path


def build_workload(
    name: str,
    root: Path,
    *,
    documents: int,
    pages_each: int,
    lines: int,
    first_seed: int,
) -> Workload:
    directory = root / name.replace(" ", "-")
    (directory / "images").mkdir(parents=True)
    specs = [
        PageSpec(first_seed + index, lines, directory / "images" / f"page-{index + 1:04d}.jpg")
        for index in range(documents * pages_each)
    ]
    # The drawing processes end here, before anything is measured.
    with ProcessPoolExecutor(CORES) as painters:
        truths = list(painters.map(draw_page, specs))
    built = []
    for number in range(documents):
        chunk = slice(number * pages_each, (number + 1) * pages_each)
        images = tuple(spec.image for spec in specs[chunk])
        pdf = write_pdf(images, directory / f"{directory.name}-{number + 1:03d}.pdf")
        built.append(Document(pdf, images, tuple(truths[chunk])))
    return Workload(name, directory, tuple(built))


def build_comparison_workloads(root: Path, sizes: Sizes) -> list[Workload]:
    long_scan = build_workload(
        LONG_SCAN, root, documents=1, pages_each=sizes.long_scan_pages, lines=30, first_seed=0
    )
    intake = build_workload(
        INTAKE, root, documents=sizes.intake_documents, pages_each=1, lines=30, first_seed=1000
    )
    return [long_scan, intake]


def build_big_scan(root: Path, sizes: Sizes) -> Workload:
    name = f"{sizes.big_scan_pages}-page scan"
    return build_workload(
        name,
        root,
        documents=1,
        pages_each=sizes.big_scan_pages,
        lines=sizes.big_scan_lines,
        first_seed=2000,
    )


# --- Running the tools --------------------------------------------------------------------


def single_threaded_env() -> dict[str, str]:
    return {**os.environ, "OMP_THREAD_LIMIT": "1"}


def default_sohoa_env() -> dict[str, str]:
    """Sohoa with its defaults: no SOHOA_* overrides (and no sohoa.toml, by the cwd)."""
    return {key: value for key, value in os.environ.items() if not key.startswith("SOHOA_")}


def run_quietly(command: Sequence[str], *, env: dict[str, str], cwd: Path) -> None:
    completed = subprocess.run(command, capture_output=True, env=env, cwd=cwd, check=False)
    if completed.returncode != 0:
        said = completed.stderr.decode("utf-8", errors="replace").strip().splitlines()[-3:]
        raise ToolError(
            f"`{abridged(command)}` exited with {completed.returncode}: " + " / ".join(said)
        )


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


def run_ocrmypdf(workload: Workload, out_dir: Path) -> list[Path]:
    """Documents spread over the cores: one at `--jobs <cores>`, or many at `--jobs 1`."""
    documents_at_once = min(CORES, len(workload.documents))
    jobs_each = max(1, CORES // documents_at_once)
    outputs = [out_dir / document.pdf.name for document in workload.documents]
    ocrmypdf = [sys.executable, "-m", "ocrmypdf", "-l", LANGUAGE, "--jobs", str(jobs_each)]
    commands = [
        [*ocrmypdf, str(document.pdf), str(output)]
        for document, output in zip(workload.documents, outputs, strict=True)
    ]
    run_at_once(commands, at_once=documents_at_once, env=single_threaded_env(), cwd=out_dir)
    return outputs


def sohoa_command() -> Path:
    """The `sohoa` console script of the environment the bench runs in."""
    return Path(sys.executable).parent / "sohoa"


def run_sohoa(workload: Workload, out_dir: Path) -> list[Path]:
    """Every document of the workload in one `sohoa ocr` call, sharing its page workers."""
    return _run_sohoa(workload, out_dir, default_sohoa_env())


def run_sohoa_deflated(workload: Workload, out_dir: Path) -> list[Path]:
    """Sohoa with the scanner's JPEGs wrapped in Flate, as OCRmyPDF does by default."""
    return _run_sohoa(workload, out_dir, {**default_sohoa_env(), "SOHOA_OCR__DEFLATE_JPEG": "true"})


def _run_sohoa(workload: Workload, out_dir: Path, env: dict[str, str]) -> list[Path]:
    inputs = [str(document.pdf) for document in workload.documents]
    command = [str(sohoa_command()), "ocr", *inputs, "-o", str(out_dir)]
    command += ["--jobs", str(CORES), "--json"]
    run_quietly(command, env=env, cwd=out_dir)
    return [out_dir / document.pdf.name for document in workload.documents]


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
    out_dir = out_root / f"{workload.directory.name}-{tool.key}"
    try:
        result = judge(measure(tool, workload, out_dir))
    except ToolError as failure:
        print(f"  failed: {failure}", file=sys.stderr)
        return Failure(tool.name, workload.name, str(failure))
    print(f"  {result.seconds:.1f} s, {result.peak_bytes / 2**20:.0f} MiB", file=sys.stderr)
    return result


def warm_up(tools: Sequence[Tool], workload: Workload, out_dir: Path) -> None:
    """Load Tesseract's language data and each tool's code once, so none meets a cold cache."""
    out_dir.mkdir(parents=True)
    image = workload.page_images[0]
    commands = [["tesseract", str(image), str(out_dir / "warm-up"), "-l", LANGUAGE, "txt"]]
    if OCRMYPDF_TOOL in tools:
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


def comparison_targets(workload: str, results: Sequence[Result | Failure]) -> list[Target]:
    done = {r.tool: r for r in results if isinstance(r, Result) and r.workload == workload}
    floor, ocrmypdf, sohoa = done.get(FLOOR), done.get(OCRMYPDF), done.get(SOHOA)
    deflated = done.get(SOHOA_DEFLATED)
    return [
        Target(
            workload,
            "Sohoa time / floor time",
            "≤",
            1.15,
            sohoa.seconds / floor.seconds if sohoa and floor else None,
        ),
        Target(
            workload,
            "OCRmyPDF time / Sohoa time",
            "≥",
            1.5,
            ocrmypdf.seconds / sohoa.seconds if ocrmypdf and sohoa else None,
        ),
        Target(
            workload,
            "Sohoa size / OCRmyPDF size",
            "≤",
            1.0,
            sohoa.output_bytes / ocrmypdf.output_bytes if sohoa and ocrmypdf else None,
            decimals=3,
        ),
        Target(
            workload,
            "Sohoa with deflate_jpeg: time / floor time",
            "≤",
            1.15,
            deflated.seconds / floor.seconds if deflated and floor else None,
        ),
        Target(
            workload,
            "Sohoa with deflate_jpeg: size / OCRmyPDF size",
            "≤",
            1.0,
            deflated.output_bytes / ocrmypdf.output_bytes if deflated and ocrmypdf else None,
            decimals=3,
        ),
        Target(
            workload,
            "Sohoa CER − OCRmyPDF CER, % points",
            "≤",
            0.0,
            (sohoa.cer - ocrmypdf.cer) * 100 if sohoa and ocrmypdf else None,
            decimals=3,
        ),
    ]


def memory_target(result: Result | Failure) -> Target:
    peak = result.peak_bytes / 10**6 if isinstance(result, Result) else None
    return Target(result.workload, "Sohoa peak memory, MB", "<", MEMORY_LIMIT_MB, peak, 0)


# --- Report -------------------------------------------------------------------------------


def command_output(command: Sequence[str]) -> str:
    try:
        completed = subprocess.run(command, capture_output=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    said = (completed.stdout or completed.stderr).decode("utf-8", errors="replace").strip()
    return said.splitlines()[0] if said else "unknown"


def cpu_model() -> str:
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.partition(":")[2].strip()
    return platform.processor() or "unknown"


def machine_facts(busy_before: float) -> list[str]:
    ocrmypdf = "not installed"
    if ocrmypdf_installed():
        ocrmypdf = command_output([sys.executable, "-m", "ocrmypdf", "--version"])
    return [
        f"CPU: {cpu_model()}, {CORES} cores",
        f"memory: {psutil.virtual_memory().total / 2**30:.1f} GiB",
        f"Tesseract: {command_output(['tesseract', '--version'])}",
        f"OCRmyPDF: {ocrmypdf}",
        f"Sohoa: {importlib.metadata.version('sohoa')}",
        f"Python: {platform.python_version()}, {platform.system()} {platform.release()}",
        f"CPU in use just before the bench began: {busy_before:.0f} % (other work skews times)",
    ]


def markdown_table(header: Sequence[str], align: str, rows: Sequence[Sequence[str]]) -> str:
    """`align` holds one letter a column: l(eft) or r(ight)."""
    rule = ["---:" if side == "r" else "---" for side in align]
    lines = [header, rule, *rows]
    return "\n".join("| " + " | ".join(map(escape_cell, cells)) + " |" for cells in lines)


def escape_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def results_table(results: Sequence[Result | Failure]) -> str:
    header = [
        "workload",
        "tool",
        "output type",
        "wall s",
        "pages/min",
        "peak MiB",
        "output KiB",
        "CER %",
        "qpdf --check",
    ]
    rows = []
    for result in results:
        if isinstance(result, Failure):
            rows.append([result.workload, result.tool, "failed", *["–"] * 5, result.reason])
            continue
        rows.append(
            [
                result.workload,
                result.tool,
                result.output_type,
                f"{result.seconds:.1f}",
                f"{result.pages_per_minute:.1f}",
                f"{result.peak_bytes / 2**20:.0f}",
                f"{result.output_bytes / 2**10:,.0f}",
                f"{result.cer * 100:.3f}",
                result.qpdf.describe(),
            ]
        )
    return markdown_table(header, "lllrrrrrl", rows)


def targets_table(targets: Sequence[Target]) -> str:
    rows = [
        [
            target.workload,
            target.quantity,
            f"{target.comparison} {target.limit:g}",
            target.shown,
            target.verdict,
        ]
        for target in targets
    ]
    return markdown_table(["workload", "quantity", "target", "measured", "result"], "lllrl", rows)


def workloads_summary(workloads: Sequence[Workload]) -> str:
    listed = "; ".join(
        f"{workload.name}: {workload.describe()} ({workload.page_count} pages)"
        for workload in workloads
    )
    return (
        f"Workloads: {listed}. Generated Vietnamese A4 pages, 300-dpi JPEG scans with "
        "0.5–1.5° skew and grain, embedded unchanged (img2pdf). CER is the mean per page "
        "against the text drawn, read back with `pdftotext -raw`."
    )


@dataclass
class Findings:
    busy_before: float  # % of all cores in use, by anything, just before the bench began
    workloads: list[Workload] = field(default_factory=list)
    results: list[Result | Failure] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)


def report(findings: Findings, *, quick: bool) -> str:
    today = datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
    mode = " (quick smoke run: fewer pages, not comparable)" if quick else ""
    parts = [
        f"# OCR benchmark{mode}",
        f"Run {today}.",
        "\n".join(f"- {fact}" for fact in machine_facts(findings.busy_before)),
        workloads_summary(findings.workloads),
        "## Results",
        results_table(findings.results),
        "Peak memory is the summed RSS of every process the tool ran, sampled every "
        f"{SAMPLE_SECONDS * 1000:.0f} ms (memory they share is counted in each).",
        "## Targets",
        targets_table(findings.targets),
    ]
    return "\n\n".join(parts) + "\n"


# --- Main ---------------------------------------------------------------------------------


def compare_tools(tools: Sequence[Tool], root: Path, sizes: Sizes, findings: Findings) -> None:
    print("Drawing the long scan and the intake ...", file=sys.stderr, flush=True)
    workloads = build_comparison_workloads(root / "in", sizes)
    warm_up(tools, workloads[0], root / "warm-up")
    for workload in workloads:
        results = [benchmark(tool, workload, root / "out") for tool in tools]
        findings.workloads.append(workload)
        findings.results.extend(results)
        findings.targets.extend(comparison_targets(workload.name, results))


def check_big_scan_memory(root: Path, sizes: Sizes, findings: Findings) -> None:
    print("Drawing the big scan ...", file=sys.stderr, flush=True)
    big_scan = build_big_scan(root / "in", sizes)
    result = benchmark(SOHOA_TOOL, big_scan, root / "out")
    findings.workloads.append(big_scan)
    findings.results.append(result)
    findings.targets.append(memory_target(result))


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench.ocr_bench",
        description="Sohoa against bare Tesseract and OCRmyPDF on generated Vietnamese scans.",
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help=f"smoke-test the bench: {QUICK.long_scan_pages}-page scan, "
        f"{QUICK.intake_documents} intake files, {QUICK.big_scan_pages}-page memory scan",
    )
    parser.add_argument(
        "--skip-200", action="store_true", help="leave out Sohoa's 200-page memory run"
    )
    parser.add_argument(
        "--out",
        type=Path,
        help="also write the markdown report here "
        "(default: bench/results.md, or bench/results-quick.md with --quick)",
    )
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    sizes = QUICK if args.quick else FULL
    if not sohoa_command().is_file():
        print(f"No `sohoa` next to {sys.executable}; install the project there.", file=sys.stderr)
        return 2
    findings = Findings(busy_before=psutil.cpu_percent(interval=1.0))
    with tempfile.TemporaryDirectory(prefix="sohoa-bench-") as tmp:
        compare_tools(available_tools(), Path(tmp), sizes, findings)
        if not args.skip_200:
            check_big_scan_memory(Path(tmp), sizes, findings)
    text = report(findings, quick=args.quick)
    print(text)
    out = args.out or (QUICK_OUT if args.quick else DEFAULT_OUT)
    out.write_text(text, encoding="utf-8")
    print(f"Written to {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
