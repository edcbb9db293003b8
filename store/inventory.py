"""What the record says the data directory holds: every document's archived original and
output, and every receipt's files, as plain rows (for the integrity check and backups)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from store.schema import DocumentRecord, ReceiptRecord, ReceiptSeriesRecord
from store.states import DocumentStatus


@dataclass(frozen=True)
class DocumentFiles:
    id: int
    name: str  # the clerk's file name
    sha256: str  # of the original; a part cut from a stack has one of its own making
    is_part: bool  # its original is its stack's
    archive_path: str
    output_path: str | None  # None, or reserved but not yet written, until digitized
    output_sha256: str | None  # None for outputs made before hashes were recorded
    signed: bool


@dataclass(frozen=True)
class ReceiptFiles:
    id: int
    series_symbol: str
    number: int
    record_sha256: str | None
    paths: tuple[str, ...]  # PDF (signed), DOCX, XML; relative to the data directory
    pdf_path: str | None
    xml_path: str | None


def document_files(session: Session) -> list[DocumentFiles]:
    query = select(DocumentRecord).order_by(DocumentRecord.id)
    return [_document(document) for document in session.scalars(query)]


def receipt_files(session: Session) -> list[ReceiptFiles]:
    query = (
        select(ReceiptRecord, ReceiptSeriesRecord)
        .join(ReceiptSeriesRecord, ReceiptSeriesRecord.id == ReceiptRecord.series_id)
        .order_by(ReceiptRecord.id)
    )
    return [_receipt(receipt, series) for receipt, series in session.execute(query)]


def _document(document: DocumentRecord) -> DocumentFiles:
    written = document.status == DocumentStatus.DIGITIZED
    return DocumentFiles(
        id=document.id,
        name=document.original_name,
        sha256=document.sha256,
        is_part=document.parent_id is not None,
        archive_path=document.archive_path,
        output_path=document.output_path if written else None,
        output_sha256=document.output_sha256 if written else None,
        signed=document.signed_at is not None,
    )


def _receipt(receipt: ReceiptRecord, series: ReceiptSeriesRecord) -> ReceiptFiles:
    paths = (receipt.pdf_path, receipt.docx_path, receipt.xml_path)
    return ReceiptFiles(
        id=receipt.id,
        series_symbol=series.series_symbol,
        number=receipt.number,
        record_sha256=receipt.record_sha256,
        paths=tuple(path for path in paths if path),
        pdf_path=receipt.pdf_path,
        xml_path=receipt.xml_path,
    )
