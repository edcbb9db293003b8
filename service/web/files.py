"""Files the web hands out: only from the data directory, never by a path the client names.

Routes find a file through its record (a document's output, a receipt's PDF) and pass the
stored relative path here; anything that would leave the data directory is refused.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from fastapi import HTTPException
from fastapi.responses import FileResponse

from store.archive import Layout

PDF = "application/pdf"


def data_file(layout: Layout, relative: str | None) -> Path:
    """The file at `relative` under the data directory, or 404."""
    if not relative:
        raise HTTPException(404, "Tệp này chưa có.")
    parts = PurePosixPath(relative).parts
    if PurePosixPath(relative).is_absolute() or ".." in parts or "\\" in relative:
        raise HTTPException(404, "Không có tệp ở địa chỉ này.")
    root = layout.data_dir.resolve()
    path = (root / relative).resolve()
    if not path.is_relative_to(root) or not path.is_file():
        raise HTTPException(404, "Không có tệp ở địa chỉ này.")
    return path


def download(path: Path, name: str, media_type: str, inline: bool = False) -> FileResponse:
    return FileResponse(
        path,
        media_type=media_type,
        filename=name,
        content_disposition_type="inline" if inline else "attachment",
    )


def data_download(
    layout: Layout,
    relative: str | None,
    name: str | None = None,
    media_type: str = PDF,
    *,
    inline: bool = False,
) -> FileResponse:
    """The file at `relative` under the data directory (`data_file`), handed out as `name`
    (by default its own name)."""
    path = data_file(layout, relative)
    return download(path, name or path.name, media_type, inline)
