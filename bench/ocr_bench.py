"""Sohoa against the floor (bare Tesseract) and OCRmyPDF, on generated Vietnamese scans.

Not part of `make test`: `make bench` runs it in `.venv-bench`, which adds OCRmyPDF and
psutil to the project. By hand, from the repository root:

    .venv-bench/bin/python -m bench.ocr_bench [--quick] [--skip-200] [--real-scans-only]
        [--out FILE]

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
streamed, not all held).

Then the real-scan categories (bench/ocr_real_scans.py): phone photos, seals over text,
200-dpi photocopies, 600-dpi scans and a duplex stack with blank backs, each read side by
side by the floor, OCRmyPDF with `--deskew --rotate-pages` (`--clean` with unpaper) and
Sohoa, against the issue's targets. `--real-scans-only` runs these alone. The markdown
report is printed and written to bench/results.md.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import importlib.metadata
import importlib.util
import platform
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import psutil

if not __package__:  # run as a file, not with -m: the repository's `tests` must be importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.ocr_real_scans import (
    FULL_CATEGORIES,
    QUICK_CATEGORIES,
    CategoryFindings,
    categories_summary,
    categories_table,
    run_categories,
)
from bench.ocr_runs import (
    CORES,
    FLOOR,
    OCRMYPDF,
    SAMPLE_SECONDS,
    SOHOA,
    SOHOA_DEFLATED,
    SOHOA_TOOL,
    Document,
    Failure,
    Result,
    Target,
    Tool,
    Workload,
    available_tools,
    benchmark,
    listed_workloads,
    markdown_table,
    ocrmypdf_installed,
    sohoa_command,
    warm_up,
    write_pdf,
)
from tests.support.pages import corpus_text, make_page, save_jpeg, scanned

MEMORY_LIMIT_MB = 1000  # 1 GB
DEFAULT_OUT = Path(__file__).resolve().parent / "results.md"
QUICK_OUT = Path(__file__).resolve().parent / "results-quick.md"

LONG_SCAN, INTAKE = "long scan", "intake"


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


def skew_for(seed: int) -> float:
    """A tilt of 0.5 to 1.5 degrees, alternately anticlockwise and clockwise."""
    magnitude = 0.5 + (seed % 11) / 10
    return magnitude if seed % 2 == 0 else -magnitude


def draw_page(spec: PageSpec) -> str:
    """Save the scan of a generated page as a 300-dpi JPEG; return the text drawn on it."""
    page = make_page(corpus_text().split(), lines=spec.lines, seed=spec.seed)
    save_jpeg(scanned(page.image, skew_degrees=skew_for(spec.seed), seed=spec.seed), spec.image)
    return page.text


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
    listed = listed_workloads(workloads)
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
    real_scans: CategoryFindings = field(default_factory=CategoryFindings)


def report(findings: Findings, *, quick: bool) -> str:
    today = datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
    mode = " (quick smoke run: fewer pages, not comparable)" if quick else ""
    parts = [
        f"# OCR benchmark{mode}",
        f"Run {today}.",
        "\n".join(f"- {fact}" for fact in machine_facts(findings.busy_before)),
    ]
    if findings.results:
        parts += [
            workloads_summary(findings.workloads),
            "## Results",
            results_table(findings.results),
            MEMORY_NOTE,
            "## Targets",
            targets_table(findings.targets),
        ]
    if findings.real_scans.results:
        parts += [
            "## Real scans",
            categories_summary(findings.real_scans.workloads),
            categories_table(findings.real_scans),
            MEMORY_NOTE,
            "### Targets for real scans",
            targets_table(findings.real_scans.targets),
        ]
    return "\n\n".join(parts) + "\n"


MEMORY_NOTE = (
    "Peak memory is the summed RSS of every process the tool ran, sampled every "
    f"{SAMPLE_SECONDS * 1000:.0f} ms (memory they share is counted in each)."
)


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
        "--real-scans-only",
        action="store_true",
        help="run only the real-scan categories (photos, seals, photocopies, 600 dpi, duplex)",
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
    categories = QUICK_CATEGORIES if args.quick else FULL_CATEGORIES
    if not sohoa_command().is_file():
        print(f"No `sohoa` next to {sys.executable}; install the project there.", file=sys.stderr)
        return 2
    findings = Findings(busy_before=psutil.cpu_percent(interval=1.0))
    tools = available_tools()
    with tempfile.TemporaryDirectory(prefix="sohoa-bench-") as tmp:
        if not args.real_scans_only:
            compare_tools(tools, Path(tmp), sizes, findings)
            if not args.skip_200:
                check_big_scan_memory(Path(tmp), sizes, findings)
        run_categories(Path(tmp), categories, findings.real_scans)
    text = report(findings, quick=args.quick)
    print(text)
    out = args.out or (QUICK_OUT if args.quick else DEFAULT_OUT)
    out.write_text(text, encoding="utf-8")
    print(f"Written to {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
