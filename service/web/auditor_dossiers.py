"""Dossier search, the dossier page, its documents' outputs and signature checks on demand."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import RedirectResponse, Response

from audit_trail.checks import record_signature_check
from audit_trail.web_exports import record_document_download
from queries.audit_trail import SIGNATURES_VERIFIED, find_check
from queries.documents import DocumentView, find_document
from queries.dossier_documents import dossier_documents, find_dossier
from queries.dossier_search import DossierRow, SearchHit, dossiers_by_code, pages_with_text
from queries.receipts import dossier_receipts, receipt_by_id
from queries.reuses import reuses_for_dossier
from reports.rates_grouping import CHANNELS
from reports.rates_labels import RATE_TITLES
from service.web.auditor_signatures import check_view
from service.web.context import web_context
from service.web.dossier_lookup import normalized_code
from service.web.files import PDF, data_download, data_file, download
from service.web.ids import MAX_ID
from service.web.pages import render
from service.web.paging import Paged
from service.web.roles import Auditor
from signing.configured import configured_trust_roots
from signing.verify import verify_pdf
from store.archive import Layout, sha256_of

router = APIRouter()
RECEIPTS_SHOWN = 100
NO_TRUST_ROOTS = (
    "Chưa cấu hình chứng thư gốc tin cậy nên không kiểm tra được chữ ký. "
    "Hãy đề nghị quản trị đặt signing.trust_roots trong cấu hình."
)


@router.get("/auditor/dossiers")
def search(
    request: Request,
    user: Auditor,
    page: Paged,
    code: Annotated[str, Query(max_length=100)] = "",
    text: Annotated[str, Query(max_length=500)] = "",
) -> Response:
    store = web_context(request).back.store
    wanted = normalized_code(code)
    dossiers: list[DossierRow] = []
    hits: list[SearchHit] = []
    if wanted:
        page, dossiers = page.cut(dossiers_by_code(store, wanted, page.offset, page.fetch))
    elif text.strip():
        page, hits = page.cut(pages_with_text(store, text, page.offset, page.fetch))
    return render(
        request,
        "auditor/dossiers.html",
        user,
        code=code,
        prefix=wanted,
        text=text,
        searched="code" if wanted else "text" if text.strip() else None,
        dossiers=dossiers,
        hits=hits,
        page=page,
    )


@router.get("/auditor/dossiers/{code}")
def dossier_page(
    request: Request,
    user: Auditor,
    code: str,
    page: Paged,
    checked: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
) -> Response:
    back = web_context(request).back
    store = back.store
    wanted = normalized_code(code)
    dossier = find_dossier(store, back.settings.rates, wanted)
    dossier_id = dossier.id if dossier else None
    documents = dossier_documents(store, wanted, dossier_id, page.offset, page.fetch)
    page, documents = page.cut(documents)
    reused = reuses_for_dossier(store, wanted)
    if dossier is None and not documents and not reused:
        raise HTTPException(404, f"Không có hồ sơ {wanted} trong sổ đăng ký.")
    check = find_check(store, checked, SIGNATURES_VERIFIED) if checked else None
    return render(
        request,
        "auditor/dossier.html",
        user,
        code=wanted,
        dossier=dossier,
        channel=CHANNELS.get(dossier.channel, dossier.channel) if dossier else "",
        rate_titles=RATE_TITLES,
        documents=documents,
        page=page,
        reused=reused,
        receipts=dossier_receipts(store, wanted, dossier_id, RECEIPTS_SHOWN),
        receipts_shown=RECEIPTS_SHOWN,
        check=check_view(check) if check else None,
    )


@router.get("/auditor/documents/{document_id:id}/output")
def document_output(request: Request, user: Auditor, document_id: int) -> Response:
    back = web_context(request).back
    path = _output(back.layout, _document(request, document_id))
    record_document_download(back.store, document_id, sha256_of(path), user.actor)
    return download(path, path.name, PDF)


@router.post("/auditor/documents/{document_id:id}/verify")
def verify_document(request: Request, user: Auditor, document_id: int) -> Response:
    back = web_context(request).back
    document = _document(request, document_id)
    if document.dossier_code is None:
        raise HTTPException(404, "Văn bản này chưa gắn với hồ sơ nào.")
    path = _output(back.layout, document)
    roots = configured_trust_roots(back.settings)
    if not roots:
        raise HTTPException(409, NO_TRUST_ROOTS)
    report = verify_pdf(path, roots)
    output = str(document.output_path)
    entry = record_signature_check(back.store, document_id, output, report, user.actor)
    target = f"/auditor/dossiers/{document.dossier_code}?checked={entry}#document-{document_id}"
    return RedirectResponse(target, 303)


@router.get("/auditor/receipts/{receipt_id:id}/pdf")
def receipt_file(request: Request, user: Auditor, receipt_id: int) -> Response:
    back = web_context(request).back
    receipt = receipt_by_id(back.store, receipt_id)
    pdf = receipt.row.pdf_path if receipt else None
    return data_download(back.layout, pdf, inline=True)


def _document(request: Request, document_id: int) -> DocumentView:
    found = find_document(web_context(request).back.store, document_id)
    if found is None:
        raise HTTPException(404, "Không có văn bản này.")
    return found


def _output(layout: Layout, document: DocumentView) -> Path:
    return data_file(layout, document.output_path)
