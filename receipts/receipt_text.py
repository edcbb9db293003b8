"""The words and figures a receipt shows, in Vietnamese, whatever it is rendered to."""

from __future__ import annotations

import datetime as dt
import unicodedata
from zoneinfo import ZoneInfo

from receipts.model import FeeKind, PaymentMethod

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")

METHOD_NAMES = {
    PaymentMethod.CASH: "Tiền mặt",
    PaymentMethod.TRANSFER: "Chuyển khoản",
    PaymentMethod.QR: "Chuyển khoản qua mã QR",
}
KIND_NAMES = {FeeKind.FEE: "Phí", FeeKind.CHARGE: "Lệ phí"}


def nfc(text: str) -> str:
    """`text` in Unicode normal form C, as Vietnamese text is stored and shown."""
    return unicodedata.normalize("NFC", text)


def vietnam_time(moment: dt.datetime) -> dt.datetime:
    """An aware `moment` as a clock in Vietnam shows it."""
    return moment.astimezone(VIETNAM)


def format_amount(amount: int) -> str:
    """Đồng as Vietnamese write figures: dots between thousands (2082000 → 2.082.000)."""
    return f"{amount:,}".replace(",", ".")


def date_line(moment: dt.datetime) -> str:
    """'Ngày 08 tháng 10 năm 2026' in Vietnam time.

    As in administrative documents (Decree 30/2020), days below 10 and the months 1 and 2
    take a leading zero.
    """
    local = vietnam_time(moment)
    month = f"{local.month:02d}" if local.month <= 2 else str(local.month)
    return f"Ngày {local.day:02d} tháng {month} năm {local.year}"
