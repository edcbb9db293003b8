"""Page images for previews and thumbnails, drawn once by poppler and kept in the work folder."""

from __future__ import annotations

import hashlib
import io
import subprocess
from pathlib import Path

from fastapi import HTTPException
from fastapi.responses import FileResponse
from PIL import Image

from digitizer.errors import UnsupportedFileError
from digitizer.sniff import InputKind, sniff
from store.archive import Layout
from store.files import durable_write_bytes

_RENDER_SECONDS = 60


def page_image(layout: Layout, source: Path, page: int, width: int) -> Path:
    """A PNG of `page` (from 1) of `source` (a PDF or an image), `width` pixels wide."""
    stat = source.stat()
    key = hashlib.sha256(f"{source}|{stat.st_size}|{stat.st_mtime_ns}".encode()).hexdigest()[:32]
    target = layout.work / "previews" / f"{key}-{page}-{width}.png"
    if target.is_file():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    if _kind(source) == InputKind.PDF:
        png = _render_pdf_page(source, page, width)
    else:
        png = _scale_image(source, page, width)
    durable_write_bytes(target, png)
    return target


def page_image_response(
    layout: Layout, source: Path, page: int, width: int, max_age: int
) -> FileResponse:
    """`page_image` as a response the browser keeps for `max_age` seconds."""
    return FileResponse(
        page_image(layout, source, page, width),
        media_type="image/png",
        headers={"Cache-Control": f"private, max-age={max_age}"},
    )


def _kind(path: Path) -> InputKind:
    try:
        return sniff(path)
    except UnsupportedFileError as error:
        raise HTTPException(
            404, "Tệp này không phải PDF hay ảnh quét nên không xem trước được."
        ) from error


def _render_pdf_page(source: Path, page: int, width: int) -> bytes:
    # With no output name, pdftoppm writes the page to standard output.
    completed = subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-f",
            str(page),
            "-l",
            str(page),
            "-scale-to-x",
            str(width),
            "-scale-to-y",
            "-1",
            "-singlefile",
            str(source),
        ],
        capture_output=True,
        timeout=_RENDER_SECONDS,
        check=False,
    )
    if completed.returncode != 0 or not completed.stdout.startswith(b"\x89PNG"):
        raise HTTPException(404, f"Không vẽ được trang {page} của tệp này.")
    return completed.stdout


def _scale_image(source: Path, page: int, width: int) -> bytes:
    try:
        with Image.open(source) as image:
            image.seek(page - 1)
            frame = image.convert("RGB")
    except (OSError, EOFError, Image.DecompressionBombError) as exc:  # bombs stay undecoded
        raise HTTPException(404, f"Không vẽ được trang {page} của tệp này.") from exc
    frame.thumbnail((width, width * 4))
    buffer = io.BytesIO()
    frame.save(buffer, "PNG")
    return buffer.getvalue()
