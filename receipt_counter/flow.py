"""Issue a receipt at the counter: check, allocate the number, render, sign, record.

Everything that can be refused is checked before a number is allocated. The number is
allocated in the transaction that records the receipt (the series row locked on
PostgreSQL, an immediate transaction on SQLite), so numbers have no gap and no
duplicate however many processes issue at once. If the receipt cannot be made after
that, it stays recorded as failed with the reason: a used number is never silent.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from config import SohoaError
from receipt_counter.collector import collector_name
from receipt_counter.errors import InvalidReceiptRequestError, ReceiptError, ReceiptIssueFailedError
from receipt_counter.files import ReceiptFiles, make_receipt_files
from receipt_counter.request import CheckedRequest, IssueRequest, check_request, check_usable
from receipt_counter.series import receipt_reference
from receipts.model import MAX_NUMBER, Organization, ReceiptData
from receipts.render_errors import InvalidReceiptError
from receipts.render_pdf import check_printable
from signing.configured import configured_profile
from signing.keys import load_signer
from store import audit
from store.database import Session
from store.record import Record
from store.schema import ReceiptLineRecord, ReceiptRecord, ReceiptSeriesRecord, UnitRecord
from store.states import ReceiptState

__all__ = ["IssueRequest", "IssuedReceipt", "issue_receipt"]


@dataclass(frozen=True)
class IssuedReceipt:
    id: int
    reference: str
    number: int
    total: int
    files: ReceiptFiles
    data: ReceiptData = field(repr=False)


def issue_receipt(
    record: Record,
    request: IssueRequest,
    actor: str,
    also_refused: Sequence[SohoaError] = (),
) -> IssuedReceipt:
    """The receipt issued, or InvalidReceiptRequestError with every problem of `request`
    and `also_refused` (what the caller found wrong, such as a replacement's missing reason)."""
    checked, collector = _check_before_allocating(record, request, actor, also_refused)
    receipt_id, data, profile = _allocate(record, checked, actor, collector)
    try:
        files = make_receipt_files(record, data, profile)
    except Exception as error:
        _record_failure(record, receipt_id, data, error)
        raise ReceiptIssueFailedError(
            f"Receipt {data.reference} was allocated but could not be made ({error}); "
            "it is recorded as failed. Issue a new receipt.",
            code="receipt.issue_failed",
            params={"reference": data.reference, "reason": str(error)},
        ) from error
    _record_issued(record, receipt_id, data, files)
    return IssuedReceipt(receipt_id, data.reference, data.number, data.total, files, data)


def _check_before_allocating(
    record: Record, request: IssueRequest, actor: str, also_refused: Sequence[SohoaError]
) -> tuple[CheckedRequest, str]:
    """What would fail after allocation fails now, using up no number: the request's rules,
    the receipt's text (drafted with the highest number: the width is the same) and the
    series' key; with the request, the collector's name as the receipt will print it."""
    now = datetime.now(UTC)
    with record.store.reading() as session:
        checked = check_request(
            session,
            request,
            now,
            require_known_dossier=record.settings.receipts.require_known_dossier,
            also_refused=also_refused,
        )
        series = session.get_one(ReceiptSeriesRecord, checked.series_id)
        collector = collector_name(session, actor)
        draft = _receipt_data(session, series, MAX_NUMBER, now, checked, None, collector)
    try:
        check_printable(draft)
    except InvalidReceiptError as error:
        unprintable = ReceiptError(
            error.message, code="receipt.not_printable", params={"detail": error.message}
        )
        raise InvalidReceiptRequestError([unprintable]) from None
    load_signer(configured_profile(record.settings, series.profile))
    return checked, collector


def _allocate(
    record: Record, checked: CheckedRequest, actor: str, collector: str
) -> tuple[int, ReceiptData, str]:
    """The receipt recorded with its number; its data and the series' signing profile."""
    now = datetime.now(UTC)
    with record.store.writing() as session:
        # The row lock serialises allocations on PostgreSQL; SQLite's writer is alone already.
        series = session.get_one(
            ReceiptSeriesRecord, checked.series_id, with_for_update=True, populate_existing=True
        )
        check_usable(series, now)  # since the check, the year may have turned or numbers run out
        replaces = receipt_reference(session, checked.replaces_id)
        series.last_number += 1
        receipt = ReceiptRecord(
            series_id=series.id,
            number=series.last_number,
            state=ReceiptState.ISSUING,
            issued_at=now,
            issued_by=actor,
            collector=collector,
            payer=checked.payer,
            dossier_code=checked.dossier_code,
            dossier_id=checked.dossier_id,
            method=checked.method,
            total=sum(line.amount for line in checked.lines),
            replaces_id=checked.replaces_id,
        )
        session.add(receipt)
        session.flush()
        for position, line in enumerate(checked.lines, start=1):
            session.add(
                ReceiptLineRecord(
                    receipt_id=receipt.id,
                    position=position,
                    fee_code=line.fee_code,
                    name=line.name,
                    kind=line.kind,
                    amount=line.amount,
                )
            )
        data = _receipt_data(session, series, receipt.number, now, checked, replaces, collector)
        audit.record(
            session,
            "receipt.number_allocated",
            f"receipt:{receipt.id}",
            actor,
            series=series.series_symbol,
            number=receipt.number,
        )
        return receipt.id, data, series.profile


def _receipt_data(
    session: Session,
    series: ReceiptSeriesRecord,
    number: int,
    now: datetime,
    checked: CheckedRequest,
    replaces: str | None,
    collector: str,
) -> ReceiptData:
    return ReceiptData(
        form_symbol=series.form_symbol,
        series_symbol=series.series_symbol,
        number=number,
        issued_at=now,
        organization=Organization(series.organization, series.tax_code, series.address),
        unit=session.get_one(UnitRecord, series.unit_id).code,
        payer=checked.payer,
        dossier_code=checked.dossier_code,
        lines=checked.lines,
        method=checked.method,
        replaces=replaces,
        collector=collector,
        kind_name=series.kind_name,
    )


def _record_failure(record: Record, receipt_id: int, data: ReceiptData, error: Exception) -> None:
    with record.store.writing() as session:
        receipt = session.get_one(ReceiptRecord, receipt_id)
        receipt.state = ReceiptState.FAILED
        receipt.error = str(error)
        audit.record(
            session, "receipt.failed", f"receipt:{receipt_id}", reference=data.reference,
            reason=str(error),
        )  # fmt: skip


def _record_issued(record: Record, receipt_id: int, data: ReceiptData, files: ReceiptFiles) -> None:
    with record.store.writing() as session:
        receipt = session.get_one(ReceiptRecord, receipt_id)
        receipt.state = ReceiptState.ISSUED
        receipt.record_sha256 = files.record_sha256
        receipt.pdf_path = record.layout.relative(files.pdf)
        receipt.docx_path = record.layout.relative(files.docx)
        receipt.xml_path = record.layout.relative(files.xml)
        audit.record(
            session,
            "receipt.issued",
            f"receipt:{receipt_id}",
            receipt.issued_by,
            reference=data.reference,
            payer=data.payer,
            collector=data.collector,
            dossier=data.dossier_code,
            total=data.total,
            record_sha256=files.record_sha256,
            replaces=data.replaces,
        )
