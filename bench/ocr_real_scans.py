"""The OCR benchmark's real-scan categories: what a one-stop counter really receives.

Phone photos, pages with a red seal and a blue signature over the text, grey 200-dpi
photocopies, 600-dpi scans (beside the same pages at 300 dpi) and a duplex stack whose backs
are blank, all drawn by `tests/support/real_scans.py` with fixed seeds. Each category is
read side by side by the floor (bare Tesseract on the unprocessed image), by OCRmyPDF with
`--deskew --rotate-pages` (and `--clean` where unpaper is installed) and by Sohoa as it
ships; the duplex stack also by Sohoa reading every page, and one photo by Sohoa alone for
its peak memory.
"""

from __future__ import annotations

import functools
import json
import shutil
import sys
from collections import Counter
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from bench.ocr_runs import (
    CORES,
    FLOOR,
    FLOOR_TOOL,
    OCRMYPDF,
    SOHOA,
    SOHOA_RESULTS,
    SOHOA_TOOL,
    Document,
    Failure,
    Result,
    Target,
    Tool,
    Workload,
    benchmark,
    listed_workloads,
    markdown_table,
    ocrmypdf_installed,
    out_dir_for,
    run_ocrmypdf,
    run_sohoa_with,
    warm_up,
    write_pdf,
)
from tests.support.real_scans import (
    Specimen,
    duplex_stack,
    phone_photo,
    photo_quality,
    photocopy_200dpi,
    save_specimen,
    scan_300dpi,
    scan_600dpi,
    sealed_page,
)

PHOTOS, SEALS, PHOTOCOPIES = "phone photos", "seal over text", "200-dpi photocopies"
SCANS_600, SCANS_300 = "600-dpi scans", "300-dpi scans (same pages)"
DUPLEX, ONE_PHOTO = "duplex stack", "one 12-MP photo"
EVERY_PAGE = "Sohoa, every page read"
PHOTO_MEMORY_LIMIT_MB = 600
SCAN_QUALITY = 80  # the JPEG quality the generated scanners save at
FIRST_SEED = 3000

MAKERS = {
    PHOTOS: phone_photo,
    SEALS: sealed_page,
    PHOTOCOPIES: photocopy_200dpi,
    SCANS_600: scan_600dpi,
    SCANS_300: scan_300dpi,
}


@dataclass(frozen=True)
class CategorySizes:
    photos: int
    seals: int
    photocopies: int
    scans_600: int  # and as many of the same pages at 300 dpi
    duplex_sheets: int

    def documents(self, category: str) -> int:
        return {
            PHOTOS: self.photos,
            SEALS: self.seals,
            PHOTOCOPIES: self.photocopies,
            SCANS_600: self.scans_600,
            SCANS_300: self.scans_600,
        }[category]


FULL_CATEGORIES = CategorySizes(photos=8, seals=8, photocopies=8, scans_600=8, duplex_sheets=20)
QUICK_CATEGORIES = CategorySizes(photos=2, seals=2, photocopies=2, scans_600=2, duplex_sheets=4)


@dataclass
class CategoryFindings:
    workloads: list[Workload] = field(default_factory=list)
    results: list[Result | Failure] = field(default_factory=list)
    readings: dict[str, str] = field(default_factory=dict)  # workload → Sohoa's reading steps
    targets: list[Target] = field(default_factory=list)


# --- Drawing the categories -----------------------------------------------------------------


def draw_specimen(job: tuple[str, int, Path]) -> str:
    """Save one generated specimen as a JPEG, as its camera or scanner would; return its text."""
    category, seed, path = job
    specimen = MAKERS[category](seed)
    _save(specimen, seed, path)
    return specimen.text


def draw_stack(job: tuple[int, int, Path]) -> list[tuple[Path, str]]:
    """Save a duplex stack's pages as JPEGs, in order; return each with its text."""
    sheets, seed, directory = job
    pages = []
    for number, specimen in enumerate(duplex_stack(sheets, seed), start=1):
        path = directory / f"page-{number:04d}.jpg"
        pages.append((_save(specimen, seed, path), specimen.text))
    return pages


def _save(specimen: Specimen, seed: int, path: Path) -> Path:
    quality = photo_quality(seed) if specimen.dpi is None else SCAN_QUALITY
    return save_specimen(specimen, path, quality=quality)


def build_categories(root: Path, sizes: CategorySizes) -> list[Workload]:
    """One workload of single-image documents a category, and the duplex stack as one PDF."""
    jobs: dict[str, list[tuple[str, int, Path]]] = {}
    for category in MAKERS:
        directory = root / _slug(category)
        directory.mkdir(parents=True)
        jobs[category] = [
            (category, FIRST_SEED + index, directory / f"{_slug(category)}-{index + 1:02d}.jpg")
            for index in range(sizes.documents(category))
        ]
    stack_directory = root / _slug(DUPLEX)
    (stack_directory / "images").mkdir(parents=True)
    photo_directory = root / _slug(ONE_PHOTO)
    photo_directory.mkdir()
    one_photo = (PHOTOS, FIRST_SEED + 100, photo_directory / "photo.jpg")
    with ProcessPoolExecutor(CORES) as painters:
        stack = painters.submit(
            draw_stack, (sizes.duplex_sheets, FIRST_SEED, stack_directory / "images")
        )
        texts = {category: list(painters.map(draw_specimen, jobs[category])) for category in jobs}
        photo_text = painters.submit(draw_specimen, one_photo).result()
        stack_pages = stack.result()
    workloads = [
        _single_images(category, root / _slug(category), jobs[category], texts[category])
        for category in jobs
    ]
    images = tuple(path for path, _ in stack_pages)
    pdf = write_pdf(images, stack_directory / "duplex-stack.pdf")
    stack_document = Document(pdf, images, tuple(text for _, text in stack_pages))
    workloads.append(Workload(DUPLEX, stack_directory, (stack_document,)))
    workloads.append(_single_images(ONE_PHOTO, photo_directory, [one_photo], [photo_text]))
    return workloads


def _single_images(
    name: str, directory: Path, jobs: Sequence[tuple[str, int, Path]], texts: Sequence[str]
) -> Workload:
    documents = tuple(
        Document(path, (path,), (text,)) for (_, _, path), text in zip(jobs, texts, strict=True)
    )
    return Workload(name, directory, documents)


def _slug(name: str) -> str:
    return "".join(letter if letter.isalnum() else "-" for letter in name).strip("-")


# --- The tools ------------------------------------------------------------------------------


def ocrmypdf_cleaning(*, image_dpi: int | None) -> Tool:
    """OCRmyPDF told to straighten, turn and (with unpaper) clean what it reads."""
    cleaning = ["--deskew", "--rotate-pages"]
    if shutil.which("unpaper"):
        cleaning.append("--clean")
    options = [*cleaning, "--image-dpi", str(image_dpi)] if image_dpi else cleaning
    name = f"{OCRMYPDF} {' '.join(cleaning)}"
    return Tool(name, "ocrmypdf", functools.partial(run_ocrmypdf, options=options))


EVERY_PAGE_TOOL = Tool(
    EVERY_PAGE,
    "sohoa-every-page",
    functools.partial(run_sohoa_with, settings={"SOHOA_OCR__SKIP_BLANK_PAGES": "false"}),
)


def tools_for(workload: Workload) -> list[Tool]:
    if workload.name == ONE_PHOTO:
        return [SOHOA_TOOL]
    tools = [FLOOR_TOOL]
    if ocrmypdf_installed() and workload.name != SCANS_300:
        # Photos record no resolution; OCRmyPDF refuses an image without one.
        tools.append(ocrmypdf_cleaning(image_dpi=300 if workload.name == PHOTOS else None))
    tools.append(SOHOA_TOOL)
    if workload.name == DUPLEX:
        tools.append(EVERY_PAGE_TOOL)
    return tools


# --- Running and judging --------------------------------------------------------------------


def run_categories(root: Path, sizes: CategorySizes, findings: CategoryFindings) -> None:
    print("Drawing the real-scan categories ...", file=sys.stderr, flush=True)
    workloads = build_categories(root / "in-real", sizes)
    warm_up(tools_for(workloads[0]), workloads[0], root / "warm-up-real")
    for workload in workloads:
        for tool in tools_for(workload):
            result = benchmark(tool, workload, root / "out-real")
            findings.results.append(result)
            if tool is SOHOA_TOOL and isinstance(result, Result):
                results_file = out_dir_for(tool, workload, root / "out-real") / SOHOA_RESULTS
                findings.readings[workload.name] = reading_steps(results_file)
        findings.workloads.append(workload)
    findings.targets.extend(category_targets(findings.results))


def reading_steps(results_file: Path) -> str:
    """What Sohoa did to read the pages, from its JSON results: 'flattened 2, blank 4 of 8'."""
    documents = json.loads(results_file.read_text(encoding="utf-8"))
    pages = [page for document in documents if document["ok"] for page in document["pages"]]
    steps = Counter(step for page in pages for step in page.get("reading", []))
    pages_read = f"{len(pages)} page{'s' if len(pages) > 1 else ''}"
    if not steps:
        return f"as scanned ({pages_read})"
    counted = ", ".join(f"{step} {count}" for step, count in sorted(steps.items()))
    return f"{counted} of {pages_read}"


def category_targets(results: Sequence[Result | Failure]) -> list[Target]:
    done = {(r.workload, r.tool): r for r in results if isinstance(r, Result)}

    def cer(workload: str, tool: str = SOHOA) -> float | None:
        result = done.get((workload, tool))
        return result.cer * 100 if result else None

    def ratio(workload: str, tool: str, base: str) -> float | None:
        over, under = done.get((workload, tool)), done.get((workload, base))
        return over.seconds / under.seconds if over and under else None

    cer_600, cer_300 = cer(SCANS_600), cer(SCANS_300)
    photo = done.get((ONE_PHOTO, SOHOA))
    return [
        Target(PHOTOS, "Sohoa CER, %", "≤", 2.0, cer(PHOTOS)),
        Target(PHOTOS, "Sohoa time / floor time", "≤", 1.5, ratio(PHOTOS, SOHOA, FLOOR)),
        Target(SEALS, "Sohoa CER, %", "≤", 1.0, cer(SEALS)),
        Target(PHOTOCOPIES, "Sohoa CER, %", "≤", 2.0, cer(PHOTOCOPIES)),
        Target(
            SCANS_600,
            "Sohoa CER at 600 dpi − at 300 dpi, % points",
            "≤",
            0.1,
            cer_600 - cer_300 if cer_600 is not None and cer_300 is not None else None,
        ),
        Target(SCANS_600, "Sohoa time / floor time", "≤", 0.5, ratio(SCANS_600, SOHOA, FLOOR)),
        Target(
            DUPLEX,
            "Sohoa time / Sohoa reading every page",
            "≤",
            0.6,
            ratio(DUPLEX, SOHOA, EVERY_PAGE),
        ),
        Target(
            ONE_PHOTO,
            "Sohoa peak memory, MB",
            "<",
            PHOTO_MEMORY_LIMIT_MB,
            photo.peak_bytes / 10**6 if photo else None,
            decimals=0,
        ),
    ]


# --- Report ---------------------------------------------------------------------------------


def categories_table(findings: CategoryFindings) -> str:
    header = [
        "category",
        "tool",
        "pages",
        "wall s",
        "time / floor",
        "peak MiB",
        "CER %",
        "CER − floor, pts",
        "qpdf --check",
        "Sohoa read the pages",
    ]
    floors = {r.workload: r for r in findings.results if isinstance(r, Result) and r.tool == FLOOR}
    rows = []
    for result in findings.results:
        if isinstance(result, Failure):
            rows.append([result.workload, result.tool, *["–"] * 6, "failed", result.reason])
            continue
        floor = floors.get(result.workload)
        reading = findings.readings.get(result.workload, "") if result.tool == SOHOA else ""
        rows.append(
            [
                result.workload,
                result.tool,
                str(result.pages),
                f"{result.seconds:.1f}",
                f"{result.seconds / floor.seconds:.2f}" if floor else "–",
                f"{result.peak_bytes / 2**20:.0f}",
                f"{result.cer * 100:.3f}",
                f"{(result.cer - floor.cer) * 100:+.3f}" if floor else "–",
                result.qpdf.describe(),
                reading,
            ]
        )
    return markdown_table(header, "llrrrrrrll", rows)


def categories_summary(workloads: Sequence[Workload]) -> str:
    listed = listed_workloads(workloads)
    return (
        f"Categories: {listed}. Generated from Vietnamese text: phone photos are 3000×4000 "
        "camera JPEGs (quality 60–85, no resolution recorded) of an A4 page at 5–25° of "
        "perspective on a table, with uneven light and a shadow; seal pages are 300-dpi colour "
        "scans with a red round seal and a blue signature over 10–20 % of the lines; "
        "photocopies are 200-dpi grey on grey with toner speckle; the 600-dpi scans and the "
        "300-dpi ones are the same pages; the duplex stack is one PDF of text fronts and blank "
        "backs (their truth is no text). CER is against the page's printed lines (not the "
        "seal's ring text nor the signature), read back with `pdftotext -raw`; a blank page "
        "read as anything counts 100 %. The 300-dpi pages are read by the floor and Sohoa "
        "only: they are there for the 600-dpi comparison."
    )
