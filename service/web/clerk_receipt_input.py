"""The receipt form as typed, checked in Vietnamese and turned into an `IssueRequest`.

Everything a clerk can get wrong is said here, before a number is allocated; what the
issuing itself refuses later is shown as it comes.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from accounts.users import WebUser
from dossiers import InvalidDossierCodeError, parse_dossier_code
from receipt_counter.flow import IssueRequest
from receipts.model import MAX_NUMBER, PaymentMethod
from store.schema import (
    DossierRecord,
    FeeRecord,
    ReceiptLineRecord,
    ReceiptRecord,
    ReceiptSeriesRecord,
)

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
FEES_SHOWN = 50
BLANK_LINES = 3
MAX_AMOUNT = 10**12
_AMOUNT_NOISE = re.compile(r"[\s.,]|đồng$|đ$|d$", re.IGNORECASE)


class FormError(Exception):
    """What the clerk must correct, in Vietnamese."""


@dataclass(frozen=True)
class ReceiptForm:
    series_id: int | None = None
    payer: str = ""
    dossier_code: str = ""
    method: str = PaymentMethod.CASH.value
    procedure: str = ""
    fee_ids: tuple[int, ...] = ()
    items: tuple[tuple[str, str], ...] = ()  # name and amount, as typed
    reason: str = ""  # why a receipt is replaced

    @property
    def item_rows(self) -> list[tuple[str, str]]:
        """The typed lines and a few blank ones to fill."""
        typed = [item for item in self.items if item[0].strip() or item[1].strip()]
        return typed + [("", "")] * max(1, BLANK_LINES - len(typed))


@dataclass(frozen=True)
class FormChoices:
    series: list[ReceiptSeriesRecord]
    fees: list[FeeRecord] = field(default_factory=list)


def read_form(
    series: int | None,
    payer: str,
    dossier_code: str,
    method: str,
    procedure: str,
    fee: Sequence[int],
    item_name: Sequence[str],
    item_amount: Sequence[str],
    reason: str = "",
) -> ReceiptForm:
    amounts = list(item_amount) + [""] * (len(item_name) - len(item_amount))
    names = list(item_name) + [""] * (len(amounts) - len(item_name))
    return ReceiptForm(
        series_id=series,
        payer=payer.strip(),
        dossier_code=dossier_code.strip(),
        method=method,
        procedure=procedure.strip(),
        fee_ids=tuple(dict.fromkeys(fee)),
        items=tuple(zip(names, amounts, strict=True)),
        reason=reason,
    )


def choices(session: Session, user: WebUser, form: ReceiptForm) -> FormChoices:
    """The clerk's series, and the fees matching the procedure code or already chosen."""
    series = list(
        session.scalars(
            select(ReceiptSeriesRecord)
            .where(ReceiptSeriesRecord.unit_id.in_(sorted(user.unit_ids)))
            .order_by(ReceiptSeriesRecord.year.desc(), ReceiptSeriesRecord.series_symbol)
        )
    )
    chosen = set(form.fee_ids)
    fees = list(session.scalars(select(FeeRecord).where(FeeRecord.id.in_(sorted(chosen)))))
    if form.procedure:
        matching = session.scalars(
            select(FeeRecord)
            .where(FeeRecord.procedure_code.startswith(form.procedure, autoescape=True))
            .order_by(FeeRecord.procedure_code, FeeRecord.name)
            .limit(FEES_SHOWN)
        )
        fees += [fee for fee in matching if fee.id not in chosen]
    return FormChoices(series, fees)


def issue_request(
    session: Session, user: WebUser, form: ReceiptForm, known_only: bool
) -> IssueRequest:
    """The request the form makes, or FormError saying what to correct."""
    series = _series(session, user, form.series_id)
    if not form.payer:
        raise FormError("Hãy nhập họ tên người nộp tiền.")
    dossier_code = _dossier_code(session, form.dossier_code, known_only)
    fee_codes, fee_items = _fees(session, form.fee_ids)
    items = fee_items + _typed_items(form.items)
    if not fee_codes and not items:
        raise FormError("Biên lai cần ít nhất một khoản phí hoặc lệ phí: chọn trong danh mục "
                        "hoặc nhập tên và số tiền.")  # fmt: skip
    try:
        method = PaymentMethod(form.method)
    except ValueError:
        raise FormError("Hãy chọn hình thức thanh toán.") from None
    return IssueRequest(
        series=series.series_symbol,
        form=series.form_symbol,
        payer=form.payer,
        dossier_code=dossier_code,
        fee_codes=fee_codes,
        items=tuple(items),
        method=method,
    )


def form_of_receipt(session: Session, receipt: ReceiptRecord) -> ReceiptForm:
    """A form filled with what `receipt` says, to replace it: catalogue fees ticked."""
    fee_ids: list[int] = []
    items: list[tuple[str, str]] = []
    lines = session.scalars(
        select(ReceiptLineRecord)
        .where(ReceiptLineRecord.receipt_id == receipt.id)
        .order_by(ReceiptLineRecord.position)
    )
    for line in lines:
        fee = None
        if line.fee_code is not None:
            fee = session.scalars(
                select(FeeRecord).where(
                    FeeRecord.procedure_code == line.fee_code, FeeRecord.name == line.name
                )
            ).first()
        if fee is not None and fee.amount == line.amount:
            fee_ids.append(fee.id)
        else:
            items.append((line.name, f"{line.amount:,}".replace(",", ".")))
    return ReceiptForm(
        series_id=receipt.series_id,
        payer=receipt.payer,
        dossier_code=receipt.dossier_code or "",
        method=receipt.method,
        fee_ids=tuple(fee_ids),
        items=tuple(items),
    )


def parse_amount(text: str) -> int | None:
    """Whole đồng as clerks type them: 2.074.000, 2 074 000 đ, 2074000; None if not that."""
    digits = _AMOUNT_NOISE.sub("", text.strip())
    if not digits.isascii() or not digits.isdigit():
        return None
    amount = int(digits)
    return amount if 0 < amount < MAX_AMOUNT else None


def _series(session: Session, user: WebUser, series_id: int | None) -> ReceiptSeriesRecord:
    series = session.get(ReceiptSeriesRecord, series_id) if series_id is not None else None
    if series is None or series.unit_id not in user.unit_ids:
        raise FormError("Hãy chọn một ký hiệu biên lai của đơn vị mình.")
    year = datetime.now(UTC).astimezone(VIETNAM).year
    if series.year != year:
        raise FormError(
            f"Ký hiệu {series.series_symbol} dùng cho năm {series.year}, nay là năm {year}. "
            "Hãy chọn ký hiệu của năm nay (quản trị thêm ở mục «Mẫu, ký hiệu biên lai»)."
        )
    if series.last_number >= MAX_NUMBER:
        raise FormError(f"Ký hiệu {series.series_symbol} đã dùng hết số biên lai (7 chữ số).")
    return series


def _dossier_code(session: Session, text: str, known_only: bool) -> str | None:
    if not text:
        return None
    try:
        code = str(parse_dossier_code(text).dossier)
    except InvalidDossierCodeError:
        raise FormError(
            f"«{text}» không phải mã hồ sơ hợp lệ (ví dụ H57.132-260804-0583). "
            "Hãy sửa lại hoặc để trống."
        ) from None
    if known_only:
        known = session.scalars(select(DossierRecord.id).where(DossierRecord.code == code)).first()
        if known is None:
            raise FormError(f"Hồ sơ {code} chưa có trong sổ theo dõi hồ sơ.")
    return code


def _fees(
    session: Session, fee_ids: tuple[int, ...]
) -> tuple[tuple[str, ...], list[tuple[str, int]]]:
    """Fees alone in their procedure go by procedure code (the receipt keeps the code); the
    others by name and amount."""
    codes: list[str] = []
    items: list[tuple[str, int]] = []
    for fee_id in fee_ids:
        fee = session.get(FeeRecord, fee_id)
        if fee is None:
            raise FormError("Một khoản phí đã chọn không còn trong danh mục phí. Hãy chọn lại.")
        siblings = session.scalar(
            select(func.count())
            .select_from(FeeRecord)
            .where(FeeRecord.procedure_code == fee.procedure_code)
        )
        if siblings == 1 and fee.procedure_code not in codes:
            codes.append(fee.procedure_code)
        else:
            items.append((fee.name, fee.amount))
    return tuple(codes), items


def _typed_items(rows: tuple[tuple[str, str], ...]) -> list[tuple[str, int]]:
    items = []
    for number, (name, amount_text) in enumerate(rows, start=1):
        if not name.strip() and not amount_text.strip():
            continue
        if not name.strip():
            raise FormError(f"Dòng {number}: hãy nhập tên khoản thu.")
        amount = parse_amount(amount_text)
        if amount is None:
            raise FormError(
                f"Dòng {number} («{name.strip()}»): số tiền phải là số đồng lớn hơn 0, "
                "ví dụ 20.000."
            )
        items.append((name.strip(), amount))
    return items
