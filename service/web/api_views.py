"""What the API reads: a dossier's digitization status, a document's output, a receipt —
each only when the token's user sees the unit it belongs to."""

from __future__ import annotations

from accounts.users import WebUser
from config.rates_settings import RatesSettings
from queries.documents import DocumentView, find_document
from queries.dossier_documents import dossier_documents, find_dossier
from queries.receipts import ReceiptRow, dossier_receipts, receipt_by_number
from service.web.api_models import (
    DocumentOut,
    DossierStatusOut,
    ReceiptLineOut,
    ReceiptOut,
    ReceiptSummary,
)
from store.database import Store

MAX_LISTED = 1000  # documents or receipts of one dossier: a handful in practice


def dossier_status(
    store: Store, settings: RatesSettings, code: str, user: WebUser
) -> DossierStatusOut | None:
    """The dossier as the user may see it; None when they see nothing of it."""
    dossier = find_dossier(store, settings, code)
    if dossier is not None and not user.sees_unit(dossier.unit_id):
        return None
    dossier_id = dossier.id if dossier else None
    documents = [
        document
        for document in dossier_documents(store, code, dossier_id, limit=MAX_LISTED)
        if user.sees_unit(document.unit_id)
    ]
    receipts = [
        receipt
        for receipt in dossier_receipts(store, code, dossier_id, MAX_LISTED)
        if user.sees_unit(receipt.unit_id)
    ]
    if dossier is None and not documents and not receipts:
        return None
    return DossierStatusOut(
        code=code,
        registered=dossier is not None,
        unit=dossier.unit if dossier else None,
        procedure_code=dossier.procedure_code if dossier else None,
        received_at=dossier.received_at if dossier else None,
        resolved_at=dossier.resolved_at if dossier else None,
        result_required=dossier.result_required if dossier else None,
        intake_digitized=dossier.digitization.intake if dossier else None,
        result_digitized=dossier.digitization.result if dossier else None,
        documents=[document_out(document) for document in documents],
        receipts=[_summary(receipt) for receipt in receipts],
    )


def document_out(document: DocumentView) -> DocumentOut:
    available = document.output_available
    return DocumentOut(
        id=document.id,
        kind=document.kind,
        status=document.status,
        file_name=document.original_name,
        pages=document.page_count,
        received_at=document.received_at,
        digitized_at=document.digitized_at,
        tagged=document.dossier_code is not None,
        tag_source=document.tag_source,
        result_number=document.result_number,
        signed=document.signed_at is not None,
        signed_at=document.signed_at,
        output_available=available,
        output_url=f"/api/documents/{document.id}/output" if available else None,
    )


def visible_output(store: Store, document_id: int, user: WebUser) -> DocumentView | None:
    """A document with an output the user may fetch: signed in place once it is signed."""
    document = find_document(store, document_id)
    if document is None or not user.sees_unit(document.unit_id):
        return None
    return document if document.output_available else None


def visible_receipt(store: Store, series: str, number: int, user: WebUser) -> ReceiptOut | None:
    """The receipt with every field, or None (also when the user does not see its unit)."""
    view = receipt_by_number(store, series, number)
    if view is None or not user.sees_unit(view.row.unit_id):
        return None
    summary = _summary(view.row)
    return ReceiptOut(
        **summary.model_dump(),
        kind=view.kind_name,
        collector=view.collector,
        payer=view.row.payer,
        dossier_code=view.row.dossier_code,
        method=view.method,
        lines=[ReceiptLineOut(name=x.name, kind=x.kind, amount=x.amount) for x in view.lines],
        replaces=view.replaces,
        replaced_by=view.replaced_by,
        cancel_reason=view.row.cancel_reason,
        record_sha256=view.record_sha256,
        pdf_url=f"{summary.url}/pdf" if view.row.pdf_path else None,
    )


def receipt_pdf(store: Store, series: str, number: int, user: WebUser) -> str | None:
    """The stored path of the receipt's signed PDF, relative to the data directory."""
    view = receipt_by_number(store, series, number)
    if view is None or not user.sees_unit(view.row.unit_id):
        return None
    return view.row.pdf_path


def _summary(receipt: ReceiptRow) -> ReceiptSummary:
    return ReceiptSummary(
        reference=receipt.reference,
        form=receipt.form_symbol,
        series=receipt.series_symbol,
        number=receipt.number,
        state=receipt.state,
        issued_at=receipt.issued_at,
        total=receipt.total,
        url=f"/api/receipts/{receipt.series_symbol}/{receipt.number}",
    )
