"""The document page every role opens from the document list: the viewer with the OCR text,
the facts, the tag and its history, the audit entries in words, the signature status, the
batch, the downloads, the dossiers it is reused for, and (for clerks) the forms to retag it
and to reuse it for another dossier."""

from __future__ import annotations

import mimetypes
from pathlib import PurePosixPath
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from accounts.users import WebUser
from audit_trail.web_exports import record_document_download
from dossier_register.reuse import NOTE_MAX_LENGTH
from intake.manual_tag import HELD_BY_BATCH, REASON_MAX_LENGTH
from queries.document_page import DocumentPlace, document_history, document_place
from queries.documents import DocumentView
from queries.reuses import reuses_of_document
from queries.unit_choices import unit_choices
from service.messages import MESSAGES
from service.web.context import web_context
from service.web.document_access import visible_document
from service.web.document_story import document_story
from service.web.document_viewer import PageNumber, Zoom, ZoomChoice, make_viewer
from service.web.files import data_download, data_file
from service.web.pages import render
from service.web.roles import Worker
from service.web.signature_status import document_signature
from store.archive import sha256_of
from store.states import DocumentStatus, Role

router = APIRouter(include_in_schema=False)

NOTICES = {
    "retagged": "Đã đổi mã hồ sơ. Tệp kết quả đã chuyển sang thư mục của hồ sơ mới.",
    "reused": "Đã dùng lại văn bản cho hồ sơ khác (không quét lại, không sao thêm tệp).",
    "unreused": "Đã bỏ dùng lại văn bản cho hồ sơ đó; lý do đã ghi vào nhật ký.",
}


@router.get("/documents/{document_id:id}", response_class=HTMLResponse)
def document_page(
    request: Request,
    document_id: int,
    user: Worker,
    page: PageNumber = 1,
    zoom: ZoomChoice = Zoom.FIT,
    ok: Annotated[str, Query(max_length=20)] = "",
) -> Response:
    return show_document(request, user, document_id, page, zoom, notice=NOTICES.get(ok))


@router.get("/documents/{document_id:id}/original")
def original(request: Request, document_id: int, user: Worker) -> Response:
    """The file as it was received, from the archive."""
    document = visible_document(request, user, document_id)
    name = PurePosixPath(document.original_name).name
    media_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    return data_download(web_context(request).back.layout, document.archive_path, name, media_type)


@router.get("/documents/{document_id:id}/output")
def output(request: Request, document_id: int, user: Worker) -> Response:
    """The searchable PDF (signed once its batch is); each download is audited."""
    document = visible_document(request, user, document_id)
    back = web_context(request).back
    path = data_file(back.layout, document.output_path)
    record_document_download(back.store, document_id, sha256_of(path), user.actor)
    return data_download(back.layout, document.output_path, document.output_name)


def show_document(
    request: Request,
    user: WebUser,
    document_id: int,
    page: int = 1,
    zoom: Zoom = Zoom.FIT,
    *,
    notice: str | None = None,
    error: str | None = None,
    typed: dict[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    """The page; a refused retag shows it again with the `error` and what was `typed`."""
    document = visible_document(request, user, document_id)
    back = web_context(request).back
    store = back.store
    place = document_place(store, document)
    clerk = Role.CLERK in user.roles
    refusal = retag_refusal(document, place) if clerk else None
    reuse_refused = reuse_refusal(document) if clerk else None
    receiving = unit_choices(store, user.unit_ids) if clerk and len(user.unit_ids) > 1 else []
    return render(
        request,
        "documents/document.html",
        user,
        status_code,
        document=document,
        place=place,
        viewer=make_viewer(store, document, f"/documents/{document.id}", page, zoom),
        story=document_story(store, document_history(store, document.id)),
        signature=document_signature(back.settings, back.layout, document),
        batch_link=batch_link(user, place.batch_id),
        may_retag=clerk and refusal is None,
        retag_refused=refusal,
        reason_max_length=REASON_MAX_LENGTH,
        reuses=reuses_of_document(store, document.id),
        may_reuse=clerk and reuse_refused is None,
        reuse_refused=reuse_refused,
        receiving_units=receiving,
        note_max_length=NOTE_MAX_LENGTH,
        typed=typed or {},
        notice=notice,
        error=error,
    )


def retag_refusal(document: DocumentView, place: DocumentPlace) -> str | None:
    """Why this document cannot be retagged now, in words; None when it can."""
    if document.signed_at is not None:
        return MESSAGES["tag.signed"]
    if place.batch_state in HELD_BY_BATCH:
        return MESSAGES["tag.in_submitted_batch"].format(batch=place.batch_id)
    if document.status != DocumentStatus.DIGITIZED or document.output_path is None:
        return MESSAGES["tag.not_digitized"]
    return None


def reuse_refusal(document: DocumentView) -> str | None:
    """Why this document cannot be reused for another dossier now; None when it can."""
    if document.status != DocumentStatus.DIGITIZED or document.output_path is None:
        return MESSAGES["reuse.not_digitized"].format(document=document.id)
    if document.dossier_code is None:
        return MESSAGES["reuse.untagged"].format(document=document.id)
    return None


def batch_link(user: WebUser, batch_id: int | None) -> str | None:
    if batch_id is None:
        return None
    if Role.OFFICER in user.roles:
        return f"/officer/batches/{batch_id}"
    if Role.CLERK in user.roles:
        return f"/clerk/batches/{batch_id}"
    return None
