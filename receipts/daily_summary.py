"""A day's summary of one receipt series for the tax authority, as signed XML.

Sohoa's adaptation of the tax authority's summary of e-invoice data sent without codes
(form 01/TH-HĐĐT of Decree 123/2020/NĐ-CP; its XML in Decision 1450/QĐ-TCT of 7 October
2021: `BTHDLieu/DLBTHop/{TTChung, NDBTHDLieu/DSDLieu/DLieu}/DSCKS/NNT`). The authority has
published no summary format for receipts; `receipts/schemas/BTHDLieuBLai.xsd` describes
exactly what is written and marks each name [TCT], [TCT*] (the format's name, used for a
receipt) or [Sohoa]:

    BTHDLieu
     ├─ DLBTHop Id="DLBTHop-<form>-<series>-<YYYYMMDD>"   the signed data
     │   ├─ TTChung   PBan · MSo · Ten · SBTHDLieu · LKDLieu (N) · KDLieu (DD/MM/YYYY) · LDau
     │   │            · NLap · TNNT · MST · DVTTe · HDDIn · LHHoa · KHMSBLai† · KHBLai†
     │   └─ NDBTHDLieu/DSDLieu/DLieu*   STT · KHMSHDon · KHHDon · SHDon · NLap · TNMua · TTCThue
     │                · TSuat · TgTThue · TgTTToan · TThai · (LHDCLQuan · KHMSHDCLQuan
     │                · KHHDCLQuan · SHDCLQuan)?
     └─ DSCKS/{NNT (the series profile's XML-DSig signature), CCKSKhac}

† Sohoa's own names. The decision's text was not at hand: names, order and codes come from
open implementations that transcribe it (see the README).

Pure: values in, bytes out. The signature is made by the caller's `sign` (the same
enveloped XML-DSig as a receipt's message, `signing.xml_signature`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from lxml import etree  # type: ignore[import-untyped]

from receipts.receipt_text import nfc
from receipts.render_errors import InvalidReceiptError
from receipts.xml_document import add_text, schema_problem, stored_bytes

SUMMARY_VERSION = "2.0.1"
"""`PBan`: the version of the e-invoice format written in the receipt message too; the tax
authority has no version for receipt summaries (not confirmed)."""
ROOT = "BTHDLieu"
SIGNED_DATA = "DLBTHop"
SIGNER_SLOT = "NNT"
"""The taxpayer's place in `DSCKS` (the format's name)."""
TITLE = "Bảng tổng hợp dữ liệu biên lai điện tử"
"""`Ten`: the e-invoice summary's title with "biên lai" for "hóa đơn" (Sohoa's wording)."""
DAY_PERIOD = "N"
"""`LKDLieu`: N, a period of one day (Appendix VII of Decision 1450: T month, Q quarter, N day)."""
FIRST = "1"
"""`SBTHDLieu` and `LDau`: a day of a series is summarised once, after it is over, so each
summary is the first and only one (no supplements, `BSLThu`, are written)."""
CURRENCY = "VND"
ELECTRONIC = "0"
"""`HDDIn`: 0, not a pre-printed document."""
OTHER_GOODS = "9"
"""`LHHoa`: 9, other than fuel (1) and air transport (2)."""
NO_TAX = "KCT"
"""`TSuat`: KCT, not subject to VAT (Appendix V): fees and charges bear no VAT."""
RELATED_KIND = "1"
"""`LHDCLQuan`: 1, an electronic document under Decree 123/2020 (Appendix VI); written on a
replacement line for the replaced receipt (not confirmed for receipts)."""
SCHEMA = Path(__file__).with_name("schemas") / "BTHDLieuBLai.xsd"


class LineStatus(StrEnum):
    """What happened to a receipt that day; each is one line of the summary."""

    ISSUED = "issued"
    CANCELLED = "cancelled"
    REPLACEMENT = "replacement"
    """Issued to replace another receipt, named on the line (the replaced one gets no line
    of its own: it was summarised on the day it was issued)."""


STATUS_CODES: dict[LineStatus, str] = {
    LineStatus.ISSUED: "0",  # Mới
    LineStatus.CANCELLED: "1",  # Hủy
    LineStatus.REPLACEMENT: "3",  # Thay thế
}
"""`TThai`: the codes of Appendix IX of Decision 1450/QĐ-TCT ("Tính chất thông báo": 0 Mới,
1 Hủy, 2 Điều chỉnh, 3 Thay thế, 4 Giải trình, 5 Sai sót do tổng hợp). Receipts are never
adjusted (điều chỉnh): a mistake is cancelled or replaced."""


@dataclass(frozen=True)
class RelatedReceipt:
    form_symbol: str
    series_symbol: str
    number: int


@dataclass(frozen=True)
class SummaryLine:
    status: LineStatus
    form_symbol: str
    series_symbol: str
    number: int
    issued_on: dt.date
    """The receipt's date (Vietnam), which for a cancelled receipt may be an earlier day."""
    payer: str
    total: int
    related: RelatedReceipt | None = None
    """The receipt a replacement replaces."""


@dataclass(frozen=True)
class DailySummary:
    day: dt.date
    form_symbol: str
    series_symbol: str
    organization: str
    tax_code: str
    made_on: dt.date
    lines: tuple[SummaryLine, ...]
    form_number: str = "01/TH-HĐĐT"

    def count(self, status: LineStatus) -> int:
        return sum(1 for line in self.lines if line.status == status)


class InvalidDailySummaryError(InvalidReceiptError):
    """The summary does not follow its schema: nothing was delivered."""


Sign = Callable[[etree._Element, etree._Element], None]
"""Puts the signature of the signed data (first argument) into the signer's slot (second)."""


def signed_data_id(summary: DailySummary) -> str:
    """The `Id` of `DLBTHop`, an XML name: '/' of a symbol becomes '-'."""
    symbols = f"{summary.form_symbol}-{summary.series_symbol}".replace("/", "-")
    return f"{SIGNED_DATA}-{symbols}-{summary.day:%Y%m%d}"


def file_name(summary: DailySummary) -> str:
    """`BTH-<form>-<series>-<YYYYMMDD>.xml`."""
    symbols = f"{summary.form_symbol}-{summary.series_symbol}".replace("/", "-")
    return f"BTH-{symbols}-{summary.day:%Y%m%d}.xml"


def build_summary(summary: DailySummary) -> etree._Element:
    """The summary with its data and an empty signer slot (`DSCKS/NNT`)."""
    root = etree.Element(ROOT)
    signed = etree.SubElement(root, SIGNED_DATA, Id=signed_data_id(summary))
    _general(etree.SubElement(signed, "TTChung"), summary)
    lines = etree.SubElement(etree.SubElement(signed, "NDBTHDLieu"), "DSDLieu")
    for position, line in enumerate(summary.lines, 1):
        _line(etree.SubElement(lines, "DLieu"), position, line)
    signatures = etree.SubElement(root, "DSCKS")
    etree.SubElement(signatures, SIGNER_SLOT)
    etree.SubElement(signatures, "CCKSKhac")
    return root


def signed_summary(summary: DailySummary, sign: Sign) -> bytes:
    """The summary signed by `sign`, checked against the shipped XSD, as bytes to deliver.

    InvalidDailySummaryError when it breaks the schema.
    """
    root = build_summary(summary)
    signed = root.find(SIGNED_DATA)
    slot = root.find(f"DSCKS/{SIGNER_SLOT}")
    assert signed is not None and slot is not None, "built by build_summary"
    sign(signed, slot)
    validate_summary(root)
    return stored_bytes(root)


def summary_problem(root: etree._Element) -> str | None:
    """Where `root` breaks the shipped XSD; None when it is valid."""
    return schema_problem(SCHEMA, root)


def validate_summary(root: etree._Element) -> None:
    detail = summary_problem(root)
    if detail is not None:
        raise InvalidDailySummaryError(
            f"The daily summary does not follow its schema {SCHEMA.name} ({detail}); it was "
            "not delivered.",
            code="receipt_daily.summary_invalid",
            params={"schema": SCHEMA.name, "detail": detail},
        )


def _general(parent: etree._Element, summary: DailySummary) -> None:
    add_text(parent, "PBan", SUMMARY_VERSION)
    add_text(parent, "MSo", nfc(summary.form_number))
    add_text(parent, "Ten", TITLE)
    add_text(parent, "SBTHDLieu", FIRST)
    add_text(parent, "LKDLieu", DAY_PERIOD)
    add_text(parent, "KDLieu", f"{summary.day:%d/%m/%Y}")
    add_text(parent, "LDau", FIRST)
    add_text(parent, "NLap", summary.made_on.isoformat())
    add_text(parent, "TNNT", nfc(summary.organization))
    add_text(parent, "MST", summary.tax_code)
    add_text(parent, "DVTTe", CURRENCY)
    add_text(parent, "HDDIn", ELECTRONIC)
    add_text(parent, "LHHoa", OTHER_GOODS)
    add_text(parent, "KHMSBLai", summary.form_symbol)
    add_text(parent, "KHBLai", summary.series_symbol)


def _line(parent: etree._Element, position: int, line: SummaryLine) -> None:
    add_text(parent, "STT", str(position))
    add_text(parent, "KHMSHDon", line.form_symbol)
    add_text(parent, "KHHDon", line.series_symbol)
    add_text(parent, "SHDon", str(line.number))
    add_text(parent, "NLap", line.issued_on.isoformat())
    add_text(parent, "TNMua", nfc(line.payer))
    add_text(parent, "TTCThue", str(line.total))
    add_text(parent, "TSuat", NO_TAX)
    add_text(parent, "TgTThue", "0")
    add_text(parent, "TgTTToan", str(line.total))
    add_text(parent, "TThai", STATUS_CODES[line.status])
    if line.related is not None:
        add_text(parent, "LHDCLQuan", RELATED_KIND)
        add_text(parent, "KHMSHDCLQuan", line.related.form_symbol)
        add_text(parent, "KHHDCLQuan", line.related.series_symbol)
        add_text(parent, "SHDCLQuan", str(line.related.number))
