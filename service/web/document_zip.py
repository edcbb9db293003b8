"""The outputs of the selected documents as one ZIP, streamed as it is written: each file is
read in small pieces and the archive never sits whole in memory (or on disk)."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import StreamingResponse

from service.web.context import web_context
from service.web.files import data_file
from service.web.roles import Worker
from service.web.selection import Selected, selected_ids, visible_selection
from store.archive import Layout

router = APIRouter(include_in_schema=False)

CHUNK = 256 * 1024
UNTAGGED_FOLDER = "chua-gan-ma"


@router.post("/documents/outputs.zip")
def outputs_zip(
    request: Request,
    user: Worker,
    document_id: Annotated[list[str], Form()] = [],  # noqa: B006
) -> StreamingResponse:
    back = web_context(request).back
    chosen = visible_selection(back.store, selected_ids(document_id), user.visible_unit_ids)
    return outputs_zip_response(back.layout, chosen)


def outputs_zip_response(layout: Layout, chosen: list[Selected]) -> StreamingResponse:
    """The outputs of `chosen` (documents the user sees) streamed as one ZIP; 404 when none
    has an output yet."""
    outputs = with_outputs(chosen)
    files = [
        (member, data_file(layout, document.output_path))
        for document, member in zip(outputs, member_names(outputs), strict=True)
    ]
    if not files:
        raise HTTPException(404, "Các tài liệu được chọn chưa có bản số hóa nào để tải.")
    return StreamingResponse(
        zip_stream(files),
        media_type="application/zip",
        headers={"Content-Disposition": 'attachment; filename="ban-so-hoa.zip"'},
    )


def with_outputs(chosen: list[Selected]) -> list[Selected]:
    return [document for document in chosen if document.output_path]


def member_names(documents: list[Selected]) -> list[str]:
    """`dossier code/file name` for each output (signed in place once signed), made unique
    by a number before the extension."""
    names: list[str] = []
    taken: set[str] = set()
    for document in documents:
        path = PurePosixPath(str(document.output_path))
        folder = document.dossier_code or UNTAGGED_FOLDER
        name = f"{folder}/{path.name}"
        number = 1
        while name.lower() in taken:
            number += 1
            name = f"{folder}/{path.stem} ({number}){path.suffix}"
        taken.add(name.lower())
        names.append(name)
    return names


class _Pipe:
    """What `zipfile` writes into: bytes kept until the response takes them."""

    def __init__(self) -> None:
        self.pieces: list[bytes] = []

    def write(self, data: bytes) -> int:
        self.pieces.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass

    def take(self) -> bytes:
        data = b"".join(self.pieces)
        self.pieces.clear()
        return data


def zip_stream(files: list[tuple[str, Path]]) -> Iterator[bytes]:
    pipe = _Pipe()
    with zipfile.ZipFile(pipe, "w", zipfile.ZIP_STORED) as archive:  # type: ignore[call-overload]
        for member, path in files:
            with path.open("rb") as source, archive.open(member, "w", force_zip64=True) as target:
                while piece := source.read(CHUNK):
                    target.write(piece)
                    yield pipe.take()
            yield pipe.take()
    yield pipe.take()
