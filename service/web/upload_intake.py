"""A file sent from the browser or the API, taken in exactly as the inbox takes one.

The body is written chunk by chunk into a private folder under `work/uploads/`, never held
whole in memory (its size is `body_limit`'s to check, before and while it is read), under the
file's own name made safe, which becomes the document's name. Then `intake.register`
archives and records it and removes the staged copy, as it removes a file from the inbox:
the same limits, quarantine and duplicate detection follow. The staged folder goes whatever
happens, a body cut off at the limit included.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import tempfile
import unicodedata
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from fastapi import HTTPException
from starlette.concurrency import run_in_threadpool

from accounts.users import WebUser
from dossiers import parse_dossier_code
from dossiers.errors import InvalidDossierCodeError
from intake.register import Duplicate, IncomingFile, IntakeOutcome, Registered, register
from queries.documents import DocumentView
from queries.quarantine import quarantined_copies
from runtime.context import JobContext
from service.web.clerk_reasons import quarantine_reason
from service.web.labels import label
from store.states import DocumentKind, DocumentStatus

UPLOADS = "uploads"
KINDS = (DocumentKind.INTAKE, DocumentKind.RESULT)
_INBOX_FOLDERS = {DocumentKind.INTAKE: "intake", DocumentKind.RESULT: "results"}
_CHUNK = 1 << 20
_MAX_NAME_BYTES = 200  # of a file name kept, in UTF-8 (file systems allow 255)
_UNSAFE = re.compile(r"[\x00-\x1f\x7f<>:\"|?*]")
_FALLBACK_NAME = "tep-tai-len"

NOT_YOUR_UNIT = "Không có đơn vị này trong các đơn vị của bạn."
_BAD_KIND = "Hãy chọn loại tài liệu: hồ sơ tiếp nhận hoặc kết quả giải quyết."
_BAD_DOSSIER = (
    "«{text}» không phải mã hồ sơ hợp lệ (ví dụ H57.132-260804-0583). Hãy sửa hoặc để trống."
)


@dataclass(frozen=True)
class UploadTarget:
    unit: str  # the unit's code
    kind: DocumentKind
    dossier: str | None


@dataclass(frozen=True)
class UploadOutcome:
    """What became of one file, as the page's list and the API show it."""

    name: str
    outcome: str  # received, duplicate, digitized, split, quarantined
    message: str  # in Vietnamese
    document: int | None

    def as_json(self) -> dict[str, object]:
        return {
            "name": self.name,
            "outcome": self.outcome,
            "message": self.message,
            "document": self.document,
            "link": f"/documents/{self.document}" if self.document else None,
        }


def upload_target(user: WebUser, unit: str, kind: str, dossier: str | None) -> UploadTarget:
    """The unit, kind and dossier asked for, checked before any byte of the file is read."""
    if unit not in user.unit_codes:
        raise HTTPException(404, NOT_YOUR_UNIT)
    if kind not in KINDS:
        raise HTTPException(400, _BAD_KIND)
    code = (dossier or "").strip()
    if code:
        try:
            code = str(parse_dossier_code(code))
        except InvalidDossierCodeError:
            raise HTTPException(400, _BAD_DOSSIER.format(text=code[:100])) from None
    return UploadTarget(unit, DocumentKind(kind), code or None)


def safe_file_name(name: str | None) -> str:
    """The last part of the name a browser or program gave, without what a path could use,
    short enough for any file system (at most 200 bytes, its extension kept)."""
    text = unicodedata.normalize("NFC", name or "")
    text = text.replace("\\", "/").rsplit("/", 1)[-1]
    text = _UNSAFE.sub("", text).strip().lstrip(".").strip()
    if len(text.encode()) > _MAX_NAME_BYTES:
        suffix = PurePosixPath(text).suffix
        suffix = suffix if len(suffix.encode()) <= 20 else ""
        stem = text[: len(text) - len(suffix)]
        while len((stem + suffix).encode()) > _MAX_NAME_BYTES:
            stem = stem[:-1]
        text = stem.strip() + suffix
    return text or _FALLBACK_NAME


@contextmanager
def staged(context: JobContext, name: str) -> Iterator[Path]:
    """A private place for the file under its own name; removed with whatever is left in it."""
    root = context.layout.work / UPLOADS
    root.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(dir=root, prefix="upload-"))  # mode 0700
    try:
        yield folder / name
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _create(path: Path) -> BinaryIO:
    return os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb")


async def write_stream(chunks: AsyncIterator[bytes], path: Path) -> int:
    """The body, as it arrives, into `path`; how many bytes."""
    written = 0
    with _create(path) as out:
        async for chunk in chunks:
            out.write(chunk)
            written += len(chunk)
    return written


def write_file(source: BinaryIO, path: Path) -> int:
    """A form's spooled file into `path`, a chunk at a time; how many bytes."""
    written = 0
    with _create(path) as out:
        while chunk := source.read(_CHUNK):
            out.write(chunk)
            written += len(chunk)
    return written


def register_staged(
    context: JobContext, user: WebUser, target: UploadTarget, path: Path
) -> UploadOutcome:
    """Hand the staged file to intake as the inbox hands a dropped one.

    Its inbox path names the unit, the kind's folder and who sent it, once per upload, so the
    same content sent again is a duplicate, as a second drop in the inbox is.
    """
    sent = PurePosixPath(
        target.unit, _INBOX_FOLDERS[target.kind], "upload", f"{user.name}-{secrets.token_hex(4)}"
    )
    incoming = IncomingFile(
        path=path,
        inbox_path=sent / path.name,
        unit=target.unit,
        kind=target.kind,
        folder_name=target.dossier,
    )
    return _outcome(path.name, register(context, incoming))


async def receive_upload(
    context: JobContext,
    user: WebUser,
    target: UploadTarget,
    name: str | None,
    chunks: AsyncIterator[bytes],
) -> UploadOutcome:
    """A raw body (the browser's or a program's) streamed to disk, then registered."""
    shown = safe_file_name(name)
    with staged(context, shown) as path:
        await write_stream(chunks, path)
        return await run_in_threadpool(register_staged, context, user, target, path)


def _outcome(name: str, outcome: IntakeOutcome) -> UploadOutcome:
    if isinstance(outcome, Registered):
        message = "Đã nhận, đang chờ số hóa."
        return UploadOutcome(name, "received", message, outcome.document_id)
    if isinstance(outcome, Duplicate):
        message = (
            f"Trùng nội dung với tài liệu số {outcome.document_id} đã có; "
            "đã ghi nhận, không xử lý lại."
        )
        return UploadOutcome(name, "duplicate", message, outcome.document_id)
    message = f"Tệp này đã được nhận trước đây (tài liệu số {outcome.document_id})."
    return UploadOutcome(name, "duplicate", message, outcome.document_id)


def document_outcome(context: JobContext, document: DocumentView) -> UploadOutcome:
    """Where an uploaded document stands now: waiting, digitized, split or set aside (why)."""
    name = document.original_name
    if document.status == DocumentStatus.QUARANTINED:
        copy = quarantined_copies(context.store, [document.id]).get(document.id)
        reason = quarantine_reason(context.layout, copy) or document.notes
        message = f"{label('document', document.status)}: {reason}"
        return UploadOutcome(name, "quarantined", message, document.id)
    if document.status == DocumentStatus.RECEIVED:
        return UploadOutcome(name, "received", "Đã nhận, đang chờ số hóa.", document.id)
    message = label("document", document.status)
    if document.dossier_code:
        message += f", mã hồ sơ {document.dossier_code}"
    return UploadOutcome(name, str(document.status), f"{message}.", document.id)
