"""What the API reads: a dossier's digitization status, a document's output, a receipt —
each only when the token's user sees the unit it belongs to."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from accounts.users import WebUser
from jobs.receipt_views import show_receipt
from receipt_counter.changes import find_receipt
from receipts.model import format_reference
from service.web.api_models import (
    DocumentOut,
    DossierStatusOut,
    ReceiptLineOut,
    ReceiptOut,
    ReceiptSummary,
)
from service.web.dossier_lookup import registered_dossier
from store.database import Store
from store.schema import DocumentRecord, ReceiptRecord, ReceiptSeriesRecord
from store.states import DocumentKind, DocumentStatus

MAX_LISTED = 1000  # documents or receipts of one dossier: a handful in practice


def dossier_status(store: Store, code: str, user: WebUser) -> DossierStatusOut | None:
    """The dossier as the user may see it; None when they see nothing of it."""
    with store.reading() as session:
        found = registered_dossier(session, code)
        if found is not None and not user.sees_unit(found[0].unit_id):
            return None
        documents = [
            document
            for document in session.scalars(
                select(DocumentRecord)
                .where(DocumentRecord.dossier_code == code)
                .order_by(DocumentRecord.id)
                .limit(MAX_LISTED)
            )
            if user.sees_unit(document.unit_id)
        ]
        receipts = _dossier_receipts(session, code, user)
    if found is None and not documents and not receipts:
        return None
    dossier, procedure, unit = found if found is not None else (None, None, None)
    return DossierStatusOut(
        code=code,
        registered=dossier is not None,
        unit=unit,
        procedure_code=procedure.code if procedure else None,
        received_at=dossier.received_at if dossier else None,
        resolved_at=dossier.resolved_at if dossier else None,
        result_required=dossier.result_required if dossier else None,
        intake_digitized=_digitized(documents, DocumentKind.INTAKE),
        result_digitized=_digitized(documents, DocumentKind.RESULT),
        documents=[document_out(document) for document in documents],
        receipts=receipts,
    )


def document_out(document: DocumentRecord) -> DocumentOut:
    available = document.status == DocumentStatus.DIGITIZED and document.output_path is not None
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


def visible_output(store: Store, document_id: int, user: WebUser) -> DocumentRecord | None:
    """A document with an output the user may fetch: signed in place once it is signed."""
    with store.reading() as session:
        document = session.get(DocumentRecord, document_id)
    if document is None or not user.sees_unit(document.unit_id):
        return None
    if document.status != DocumentStatus.DIGITIZED or document.output_path is None:
        return None
    return document


def visible_receipt(store: Store, series: str, number: int, user: WebUser) -> ReceiptOut | None:
    """The receipt with every field, or None (also when the user does not see its unit)."""
    with store.reading() as session:
        receipt = find_receipt(session, series, number)
        series_record = session.get_one(ReceiptSeriesRecord, receipt.series_id)
    if not user.sees_unit(series_record.unit_id):
        return None
    view = show_receipt(store, series, number)
    summary = _summary(receipt, series_record)
    return ReceiptOut(
        **summary.model_dump(),
        payer=view.row.payer,
        dossier_code=view.row.dossier_code,
        method=view.method,
        lines=[ReceiptLineOut(name=n, kind=k, amount=a) for n, k, a in view.lines],
        replaces=view.replaces,
        replaced_by=view.replaced_by,
        cancel_reason=view.reason,
        record_sha256=view.record_sha256,
        pdf_url=f"{summary.url}/pdf" if view.pdf else None,
    )


def receipt_pdf(store: Store, series: str, number: int, user: WebUser) -> str | None:
    """The stored path of the receipt's signed PDF, relative to the data directory."""
    with store.reading() as session:
        receipt = find_receipt(session, series, number)
        unit = session.get_one(ReceiptSeriesRecord, receipt.series_id).unit_id
    return receipt.pdf_path if user.sees_unit(unit) else None


def _dossier_receipts(session: Session, code: str, user: WebUser) -> list[ReceiptSummary]:
    rows = session.execute(
        select(ReceiptRecord, ReceiptSeriesRecord)
        .join(ReceiptSeriesRecord, ReceiptSeriesRecord.id == ReceiptRecord.series_id)
        .where(ReceiptRecord.dossier_code == code)
        .order_by(ReceiptRecord.id)
        .limit(MAX_LISTED)
    )
    return [_summary(receipt, series) for receipt, series in rows if user.sees_unit(series.unit_id)]


def _summary(receipt: ReceiptRecord, series: ReceiptSeriesRecord) -> ReceiptSummary:
    return ReceiptSummary(
        reference=format_reference(series.series_symbol, receipt.number),
        form=series.form_symbol,
        series=series.series_symbol,
        number=receipt.number,
        state=receipt.state,
        issued_at=receipt.issued_at,
        total=receipt.total,
        url=f"/api/receipts/{series.series_symbol}/{receipt.number}",
    )


def _digitized(documents: Sequence[DocumentRecord], kind: DocumentKind) -> bool:
    return any(
        document.kind == kind and document.status == DocumentStatus.DIGITIZED
        for document in documents
    )
