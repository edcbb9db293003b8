"""Issue a receipt at the counter: check, allocate the number, render, sign, record.

Everything that can be refused is checked before a number is allocated. The number is
allocated in the transaction that records the receipt (the series row locked on
PostgreSQL, an immediate transaction on SQLite), so numbers have no gap and no
duplicate however many processes issue at once. If the receipt cannot be made after
that, it stays recorded as failed with the reason: a used number is never silent.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from dossiers.codes import parse_dossier_code
from dossiers.errors import InvalidDossierCodeError
from receipt_counter.errors import ReceiptError, ReceiptIssueFailedError
from receipt_counter.files import ReceiptFiles, make_receipt_files
from receipt_counter.series import find_series, receipt_reference
from receipts.model import (
    MAX_NUMBER,
    FeeKind,
    Organization,
    PaymentMethod,
    ReceiptData,
    ReceiptLine,
)
from receipts.render_errors import InvalidReceiptError
from receipts.render_pdf import check_printable
from signing.configured import configured_profile
from signing.keys import load_signer
from store import audit
from store.record import Record
from store.schema import (
    DossierRecord,
    FeeRecord,
    ReceiptLineRecord,
    ReceiptRecord,
    ReceiptSeriesRecord,
    UnitRecord,
)
from store.states import ReceiptState

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")


@dataclass(frozen=True)
class IssueRequest:
    series: str
    payer: str
    dossier_code: str | None
    fee_codes: tuple[str, ...] = ()
    items: tuple[tuple[str, int], ...] = ()
    """Lines given by hand: (name, amount); a name starting "Lệ phí" is a charge."""
    method: PaymentMethod = PaymentMethod.CASH
    form: str | None = None
    replaces_id: int | None = None


@dataclass(frozen=True)
class IssuedReceipt:
    id: int
    reference: str
    number: int
    total: int
    files: ReceiptFiles
    data: ReceiptData = field(repr=False)


def issue_receipt(record: Record, request: IssueRequest, actor: str) -> IssuedReceipt:
    payer = request.payer.strip()
    if not payer:
        raise ReceiptError("A receipt needs the payer's name.")
    lines = _lines(record, request)
    dossier_code = _dossier_code(request.dossier_code)
    _check_before_allocating(record, request, payer, dossier_code, lines)
    receipt_id, data, profile = _allocate(record, request, payer, dossier_code, lines, actor)
    try:
        files = make_receipt_files(record, data, profile)
    except Exception as error:
        _record_failure(record, receipt_id, data, error)
        raise ReceiptIssueFailedError(
            f"Receipt {data.reference} was allocated but could not be made ({error}); "
            "it is recorded as failed. Issue a new receipt."
        ) from error
    _record_issued(record, receipt_id, data, files)
    return IssuedReceipt(receipt_id, data.reference, data.number, data.total, files, data)


def _check_before_allocating(
    record: Record,
    request: IssueRequest,
    payer: str,
    dossier_code: str | None,
    lines: list[ReceiptLine],
) -> None:
    """What would fail after allocation fails now, using up no number: the series' key,
    and the receipt's text (drafted with the highest number: the width is the same)."""
    with record.store.reading() as session:
        series = find_series(session, request.series, request.form)
        if series is None:
            raise ReceiptError(f"There is no receipt series '{request.series}'.")
        draft = _receipt_data(session, series, MAX_NUMBER, datetime.now(UTC), payer,
                              dossier_code, lines, request.method, None)  # fmt: skip
    try:
        check_printable(draft)
    except InvalidReceiptError as error:
        raise ReceiptError(str(error)) from None
    load_signer(configured_profile(record.settings, series.profile))


def _lines(record: Record, request: IssueRequest) -> list[ReceiptLine]:
    lines = [_fee_line(record, code) for code in request.fee_codes]
    for name, amount in request.items:
        if not name.strip():
            raise ReceiptError("A line given by hand needs a name: NAME=AMOUNT.")
        kind = FeeKind.CHARGE if name.strip().lower().startswith("lệ phí") else FeeKind.FEE
        lines.append(ReceiptLine(name=name.strip(), kind=kind, amount=amount))
    if not lines:
        raise ReceiptError("A receipt needs at least one fee (--fee CODE or --item NAME=AMOUNT).")
    for line in lines:
        if line.amount <= 0:
            raise ReceiptError(f"'{line.name}': the amount must be more than 0 đồng.")
    return lines


def _fee_line(record: Record, code: str) -> ReceiptLine:
    with record.store.reading() as session:
        fees = session.scalars(select(FeeRecord).where(FeeRecord.procedure_code == code)).all()
        if not fees:
            raise ReceiptError(f"No fee for procedure '{code}' in the fee catalogue.")
        if len(fees) > 1:
            raise ReceiptError(
                f"Procedure '{code}' has several fees ({', '.join(fee.name for fee in fees)}); "
                "give the lines with --item NAME=AMOUNT."
            )
        fee = fees[0]
        return ReceiptLine(name=fee.name, kind=FeeKind(fee.kind), amount=fee.amount, fee_code=code)


def _dossier_code(text: str | None) -> str | None:
    if text is None or not text.strip():
        return None
    try:
        return str(parse_dossier_code(text))
    except InvalidDossierCodeError as error:
        raise ReceiptError(str(error)) from None


def _allocate(
    record: Record,
    request: IssueRequest,
    payer: str,
    dossier_code: str | None,
    lines: list[ReceiptLine],
    actor: str,
) -> tuple[int, ReceiptData, str]:
    """The receipt recorded with its number; its data and the series' signing profile."""
    now = datetime.now(UTC)
    with record.store.writing() as session:
        series = _series_locked(session, request)
        if now.astimezone(VIETNAM).year != series.year:
            raise ReceiptError(
                f"Series {series.series_symbol} is for {series.year}; it is "
                f"{now.astimezone(VIETNAM).year} now: add this year's series."
            )
        dossier_id = _dossier_id(record, session, dossier_code)
        replaces = receipt_reference(session, request.replaces_id)
        if series.last_number >= MAX_NUMBER:
            raise ReceiptError(f"Series {series.series_symbol} has used all 7-digit numbers.")
        series.last_number += 1
        receipt = ReceiptRecord(
            series_id=series.id,
            number=series.last_number,
            state=ReceiptState.ISSUING,
            issued_at=now,
            issued_by=actor,
            payer=payer,
            dossier_code=dossier_code,
            dossier_id=dossier_id,
            method=request.method,
            total=sum(line.amount for line in lines),
            replaces_id=request.replaces_id,
        )
        session.add(receipt)
        session.flush()
        for position, line in enumerate(lines, start=1):
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
        data = _receipt_data(session, series, receipt.number, now, payer, dossier_code,
                             lines, request.method, replaces)  # fmt: skip
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
    payer: str,
    dossier_code: str | None,
    lines: list[ReceiptLine],
    method: PaymentMethod,
    replaces: str | None,
) -> ReceiptData:
    return ReceiptData(
        form_symbol=series.form_symbol,
        series_symbol=series.series_symbol,
        number=number,
        issued_at=now,
        organization=Organization(series.organization, series.tax_code, series.address),
        unit=session.get_one(UnitRecord, series.unit_id).code,
        payer=payer,
        dossier_code=dossier_code,
        lines=tuple(lines),
        method=method,
        replaces=replaces,
    )


def _series_locked(session: Session, request: IssueRequest) -> ReceiptSeriesRecord:
    found = find_series(session, request.series, request.form)
    if found is None:
        raise ReceiptError(f"There is no receipt series '{request.series}'.")
    # The row lock serialises allocations on PostgreSQL; SQLite's writer is alone already.
    return session.get_one(
        ReceiptSeriesRecord, found.id, with_for_update=True, populate_existing=True
    )


def _dossier_id(record: Record, session: Session, code: str | None) -> int | None:
    if code is None:
        return None
    found = session.scalars(select(DossierRecord.id).where(DossierRecord.code == code)).first()
    if found is None and record.settings.receipts.require_known_dossier:
        raise ReceiptError(f"Dossier {code} is not in the register.")
    return found


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
            dossier=data.dossier_code,
            total=data.total,
            record_sha256=files.record_sha256,
            replaces=data.replaces,
        )
