"""Scan in, searchable PDF/A out: the orchestration of one or many documents.

Pages of every document share one pool of OCR workers, so a day's intake of one-page
scans keeps every core busy just as one long scan does. Each document is assembled in
its own thread, which alone touches that document's PDF.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import replace
from importlib.metadata import version
from pathlib import Path
from typing import Protocol

import pikepdf

from config.errors import SohoaError
from digitizer.assemble import assemble_page
from digitizer.deflate_jpeg import deflate_jpegs
from digitizer.errors import FileAccessError, LimitExceededError, UnexpectedError
from digitizer.image_guard import guard_images
from digitizer.images_to_pdf import count_frames, images_to_pdf
from digitizer.options import DigitizeOptions
from digitizer.output_file import save_pdf
from digitizer.page_image import NotExtractableError, extract_image
from digitizer.page_ocr import PageOcr, PageTask, ocr_page
from digitizer.page_plan import PagePlan, plan_page
from digitizer.page_reads import PageRead
from digitizer.pdfa import make_pdfa, pdfa_obstacles
from digitizer.results import DigitizeResult, OutputKind, PageResult, PageSource
from digitizer.sniff import InputKind, sniff
from digitizer.source_pdf import has_owner_restrictions, is_signed, open_pdf
from digitizer.tesseract import check_language
from digitizer.text import normalize_text
from digitizer.text_layer import TextLayerGrafter

VERSION = version("sohoa")
_PAGES_AHEAD_PER_WORKER = 2  # extracted page images waiting on disk, per worker


class Progress(Protocol):
    def pages_found(self, count: int) -> None: ...

    def page_done(self) -> None: ...


class _Silent:
    def pages_found(self, count: int) -> None:
        pass

    def page_done(self) -> None:
        pass


def digitize(
    input_path: Path,
    output_path: Path,
    options: DigitizeOptions | None = None,
    progress: Progress | None = None,
) -> DigitizeResult:
    """Digitize one file into `output_path`; raise a `SohoaError` saying why not."""
    options = options or DigitizeOptions()
    with Digitizer(options) as digitizer:
        return digitizer.digitize(input_path, output_path, progress)


class Digitizer:
    """Page workers shared by every document handed in, from any number of threads.

    A service keeps one for its lifetime, so that a day's one-page documents and a long
    scan alike keep every core busy.
    """

    def __init__(self, options: DigitizeOptions) -> None:
        check_language(options.language)
        guard_images(options.limits.max_page_pixels)
        self.options = options
        self._pool = ThreadPoolExecutor(options.workers, thread_name_prefix="sohoa-ocr")

    def digitize(
        self,
        input_path: Path,
        output_path: Path,
        progress: Progress | None = None,
        options: DigitizeOptions | None = None,
        done_pages: Mapping[int, PageRead] | None = None,
    ) -> DigitizeResult:
        """Digitize one file; `options` may vary per document but not in languages or workers.

        Pages in `done_pages` (by number, as `read_pages` gave them) are not OCR'd again:
        their reads are grafted as they are, so that with every page given no OCR runs and
        the output is the one a run without them makes.
        """
        document = _Document(
            input_path, output_path, options or self.options, self._pool, progress or _Silent()
        )
        return document.run(done_pages or {})

    def read_pages(
        self,
        input_path: Path,
        first: int,
        last: int,
        progress: Progress | None = None,
        options: DigitizeOptions | None = None,
    ) -> tuple[PageRead, ...]:
        """Read pages `first` to `last` (1-based, inclusive; `last` past the end means to
        the end) exactly as `digitize` reads them, for `digitize(done_pages=...)` later."""
        document = _Document(
            input_path, Path(), options or self.options, self._pool, progress or _Silent()
        )
        return document.read(first, last)

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)

    def __enter__(self) -> Digitizer:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


def count_pages(input_path: Path, options: DigitizeOptions | None = None) -> int:
    """How many pages a digitization of the file reads: all of them, or none for a signed
    PDF (kept as it is). Cheap: no page is decoded. Raises what `digitize` would on a file
    it refuses (unreadable, damaged, over a limit)."""
    options = options or DigitizeOptions()
    document = _Document(input_path, Path(), options, None, _Silent())
    return document.count()


def digitize_many(
    inputs: Sequence[Path],
    output_dir: Path,
    options: DigitizeOptions | None = None,
    progress: Progress | None = None,
    *,
    keep_existing: bool = False,
) -> list[DigitizeResult | SohoaError]:
    """Digitize each input into `output_dir`/<stem>.pdf; a failure is returned, not raised.

    With `keep_existing`, a name already taken in `output_dir` gets a number instead.
    """
    options = options or DigitizeOptions()
    output_dir.mkdir(parents=True, exist_ok=True)
    targets = _output_paths(inputs, output_dir, keep_existing)
    reporter = progress or _Silent()
    with (
        Digitizer(options) as digitizer,
        ThreadPoolExecutor(options.workers, thread_name_prefix="sohoa-doc") as documents,
    ):
        futures = [
            documents.submit(_run_caught, digitizer, path, target, reporter)
            for path, target in zip(inputs, targets, strict=True)
        ]
        return [future.result() for future in futures]


def _run_caught(
    digitizer: Digitizer, path: Path, target: Path, progress: Progress
) -> DigitizeResult | SohoaError:
    try:
        return digitizer.digitize(path, target, progress)
    except SohoaError as error:
        return error
    except Exception as error:  # one file's fault must not cost the rest of the batch
        return UnexpectedError(
            path,
            f"unexpected failure ({type(error).__name__}: {error}); please report it",
            code="digitize.unexpected",
            params={"reason": f"{type(error).__name__}: {error}"},
        )


def _output_paths(inputs: Sequence[Path], output_dir: Path, keep_existing: bool) -> list[Path]:
    """<stem>.pdf, numbered when two inputs share a stem (or the name is taken)."""
    used: set[str] = set()
    paths = []
    for path in inputs:
        name, counter = f"{path.stem}.pdf", 1
        while name in used or (keep_existing and (output_dir / name).exists()):
            counter += 1
            name = f"{path.stem}-{counter}.pdf"
        used.add(name)
        paths.append(output_dir / name)
    return paths


class _Document:
    def __init__(
        self,
        path: Path,
        output_path: Path,
        options: DigitizeOptions,
        pool: ThreadPoolExecutor | None,
        progress: Progress,
    ) -> None:
        self.path = path
        self.output_path = output_path
        self.options = options
        self.pool = pool
        self.progress = progress
        self.notes: list[str] = []
        self.page_notes: dict[int, list[str]] = {}
        self.photo_steps: dict[int, tuple[str, ...]] = {}  # what wrapping a photo did

    def run(self, done_pages: Mapping[int, PageRead]) -> DigitizeResult:
        started = time.monotonic()
        with self._opened() as (kind, pdf, pdf_path, workdir):
            if is_signed(pdf):
                return self._keep_signed(pdf, kind, started)
            if has_owner_restrictions(pdf):
                self.notes.append("the owner password's restrictions were dropped")
            pages, output_kind = self._digitize_pdf(pdf, pdf_path, workdir, done_pages)
        pages = self._fill_existing_text(pages)
        return DigitizeResult(
            input_path=self.path,
            output_path=self.output_path,
            input_kind=str(kind),
            output_kind=output_kind,
            pages=tuple(pages),
            seconds=round(time.monotonic() - started, 3),
            notes=tuple(self.notes),
        )

    def read(self, first: int, last: int) -> tuple[PageRead, ...]:
        with self._opened() as (_, pdf, pdf_path, workdir):
            numbers = range(max(first, 1), min(last, len(pdf.pages)) + 1)
            if not numbers:
                raise ValueError(f"no pages {first} to {last} in a {len(pdf.pages)}-page file")
            if is_signed(pdf):  # kept as it is: nothing on it is read
                return tuple(PageRead(number, None) for number in numbers)
            plans = [
                plan_page(pdf.pages[number - 1], number, self.path, self.options)
                for number in numbers
            ]
            to_ocr = [plan for plan in plans if _is_read(plan)]
            self.progress.pages_found(len(to_ocr))
            futures = self._ocr_pages(to_ocr, pdf_path, workdir, {})
            try:
                read = {number: future.result() for number, future in futures.items()}
            except BaseException:
                for future in futures.values():
                    future.cancel()
                raise
        return tuple(
            PageRead(
                plan.number, read.get(plan.number), tuple(self.page_notes.get(plan.number, ()))
            )
            for plan in plans
        )

    def count(self) -> int:
        self._check_file()
        kind = sniff(self.path)
        if kind == InputKind.TIFF:  # one page a frame, as `images_to_pdf` makes them
            return count_frames(self.path, self.options.limits)
        if kind != InputKind.PDF and count_frames(self.path, self.options.limits) == 1:
            return 1
        # A PDF, or a rare multi-frame JPEG or PNG: count what the digitization reads.
        with self._opened() as (_, pdf, _, _):
            return 0 if is_signed(pdf) else len(pdf.pages)

    @contextmanager
    def _opened(self) -> Iterator[tuple[InputKind, pikepdf.Pdf, Path, Path]]:
        """The input as a PDF, open, with a working folder beside it for page pictures."""
        self._check_file()
        kind = sniff(self.path)
        with tempfile.TemporaryDirectory(prefix="sohoa-") as tmp:
            workdir = Path(tmp)
            pdf_path = self._as_pdf(kind, workdir)
            with open_pdf(pdf_path, self.options.limits, path=self.path) as pdf:
                yield kind, pdf, pdf_path, workdir

    def _check_file(self) -> None:
        try:
            size = self.path.stat().st_size
        except FileNotFoundError as exc:
            raise FileAccessError(
                self.path,
                f"cannot be read ({exc.strerror})",
                code="digitize.file_missing",
            ) from exc
        except OSError as exc:
            raise FileAccessError(
                self.path,
                f"cannot be read ({exc.strerror})",
                code="digitize.file_unreadable",
                params={"reason": exc.strerror},
            ) from exc
        if not self.path.is_file():
            raise FileAccessError(self.path, "is not a regular file", code="digitize.not_a_file")
        limit = self.options.limits.max_file_bytes
        if size > limit:
            raise LimitExceededError(
                self.path,
                f"{size / 2**20:.1f} MiB, more than the limit of {limit / 2**20:g} MiB",
                code="digitize.file_too_large",
                params={"size": f"{size / 2**20:.1f}", "limit": f"{limit / 2**20:g}"},
            )

    def _as_pdf(self, kind: InputKind, workdir: Path) -> Path:
        if kind == InputKind.PDF:
            return self.path
        pdf_path = workdir / "scan.pdf"
        wrapped = images_to_pdf(self.path, pdf_path, self.options)
        self.notes.extend(wrapped.notes)
        self.photo_steps = wrapped.reading
        return pdf_path

    def _keep_signed(self, pdf: pikepdf.Pdf, kind: InputKind, started: float) -> DigitizeResult:
        self.output_path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(self.path, self.output_path)
        self.notes.append("the PDF is digitally signed, so it is already digital: kept unchanged")
        return DigitizeResult(
            input_path=self.path,
            output_path=self.output_path,
            input_kind=str(kind),
            output_kind=OutputKind.ORIGINAL,
            pages=tuple(_untouched(number) for number in range(1, len(pdf.pages) + 1)),
            seconds=round(time.monotonic() - started, 3),
            notes=tuple(self.notes),
        )

    def _digitize_pdf(
        self,
        pdf: pikepdf.Pdf,
        pdf_path: Path,
        workdir: Path,
        done_pages: Mapping[int, PageRead],
    ) -> tuple[list[PageResult], OutputKind]:
        plans = [
            plan_page(page, number, self.path, self.options)
            for number, page in enumerate(pdf.pages, start=1)
        ]
        to_ocr = [plan for plan in plans if _is_read(plan)]
        self.progress.pages_found(sum(1 for plan in to_ocr if not _read_before(done_pages, plan)))
        ocr_results = self._ocr_pages(to_ocr, pdf_path, workdir, done_pages)
        grafter = TextLayerGrafter(pdf)
        pages = []
        for plan in plans:
            page = pdf.pages[plan.number - 1]
            future = ocr_results.get(plan.number)
            if future is None:
                pages.append(_untouched(plan.number, plan.source))
            else:
                assembled = assemble_page(page, plan, future.result(), grafter, self.options)
                pages.append(self._with_photo_steps(assembled))
        if self.options.deflate_jpeg:
            self._deflate_jpegs(plans)
        output_kind = self._finish_pdf(pdf, plans)
        self._save(pdf)
        return pages, output_kind

    def _with_photo_steps(self, page: PageResult) -> PageResult:
        """The photo's steps come first: they were done before the page was read."""
        steps = self.photo_steps.get(page.number, ())
        return replace(page, reading=steps + page.reading) if steps else page

    def _ocr_pages(
        self,
        plans: list[PagePlan],
        pdf_path: Path,
        workdir: Path,
        done_pages: Mapping[int, PageRead],
    ) -> dict[int, Future[PageOcr]]:
        """Hand pages to the pool as their pictures are ready, a few at a time; a page read
        already (`done_pages`) is taken as it was read, notes and all."""
        assert self.pool is not None
        room = threading.Semaphore(self.options.workers * _PAGES_AHEAD_PER_WORKER)
        futures: dict[int, Future[PageOcr]] = {}
        try:
            for plan in plans:
                done = _read_before(done_pages, plan)
                if done is not None:
                    self.notes.extend(done_pages[plan.number].notes)
                    futures[plan.number] = _ready(done)
                    continue
                room.acquire()
                task = PageTask(
                    source=self.path,
                    pdf_path=pdf_path,
                    number=plan.number,
                    dpi=plan.dpi or self.options.render_dpi,
                    image_path=self._extract(plan, workdir),
                    workdir=workdir,
                )
                future = self.pool.submit(ocr_page, task, self.options)
                future.add_done_callback(_release_and_report(room, self.progress))
                futures[plan.number] = future
        except BaseException:
            for future in futures.values():
                future.cancel()
            raise
        return futures

    def _extract(self, plan: PagePlan, workdir: Path) -> Path | None:
        if plan.image is None:
            return None
        try:
            return extract_image(plan.image, workdir / f"page-{plan.number}")
        except NotExtractableError:
            self._note(plan.number, f"page {plan.number}: its image could not be decoded; rendered")
            return None

    def _note(self, number: int, note: str) -> None:
        self.notes.append(note)
        self.page_notes.setdefault(number, []).append(note)

    def _deflate_jpegs(self, plans: list[PagePlan]) -> None:
        saved = deflate_jpegs(plan.image for plan in plans if plan.image is not None)
        if saved:
            self.notes.append(f"JPEG images wrapped in Flate, {saved / 1024:.0f} KiB smaller")

    def _finish_pdf(self, pdf: pikepdf.Pdf, plans: list[PagePlan]) -> OutputKind:
        if not self.options.pdfa:
            return OutputKind.PDF
        obstacles = pdfa_obstacles(pdf, plans)
        if obstacles:
            self.notes.append("not PDF/A, because " + "; ".join(obstacles))
            return OutputKind.PDF
        make_pdfa(
            pdf,
            title=self.options.title or self.path.stem,
            dossier_code=self.options.dossier_code,
            version=VERSION,
        )
        return OutputKind.PDFA_2B

    def _save(self, pdf: pikepdf.Pdf) -> None:
        save_pdf(pdf, self.output_path, source=self.path)

    def _fill_existing_text(self, pages: list[PageResult]) -> list[PageResult]:
        """Pages kept as they were still report their text, read from the output."""
        if not any(page.source == PageSource.TEXT for page in pages):
            return pages
        texts = _pdftotext_pages(self.output_path)
        filled = []
        for page in pages:
            if page.source == PageSource.TEXT and page.number <= len(texts):
                text = normalize_text(texts[page.number - 1]).strip()
                characters = sum(1 for char in text if not char.isspace())
                page = replace(page, text=text, characters=characters)
            filled.append(page)
        return filled


def _release_and_report(
    room: threading.Semaphore, progress: Progress
) -> Callable[[Future[PageOcr]], None]:
    def done(_: Future[PageOcr]) -> None:
        room.release()
        progress.page_done()

    return done


def _is_read(plan: PagePlan) -> bool:
    """Whether the page is OCR'd; the others are kept as they are."""
    return plan.source in (PageSource.IMAGE, PageSource.RENDERED)


def _read_before(done_pages: Mapping[int, PageRead], plan: PagePlan) -> PageOcr | None:
    done = done_pages.get(plan.number)
    return done.ocr if done is not None else None


def _ready(ocr: PageOcr) -> Future[PageOcr]:
    future: Future[PageOcr] = Future()
    future.set_result(ocr)
    return future


def _untouched(number: int, source: PageSource = PageSource.TEXT) -> PageResult:
    return PageResult(
        number=number,
        source=source,
        dpi=None,
        rotation=0,
        skew=None,
        mean_confidence=None,
        characters=0,
        barcodes=(),
        text="",
    )


def _pdftotext_pages(path: Path) -> list[str]:
    completed = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"],
        capture_output=True,
        check=False,
        timeout=120,
    )
    return completed.stdout.decode("utf-8", errors="replace").split("\f")
