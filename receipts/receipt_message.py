"""The receipt's legal original: an XML data message in the tax authority's conventions.

A receipt is a data message (Decree 123/2020 Art. 32 as amended by Decree 70/2025; the
article's text was not at hand, see the README): Sohoa writes it as the tax authority
writes its e-documents, with short Vietnamese element names, the signed data in one element
carrying an `Id` and the signatures in `DSCKS`. The authority has published no schema for
fee receipts; the structure follows its e-invoice format (Decision 1450/QĐ-TCT:
`HDon/DLHDon/{TTChung, NDHDon}/DSCKS`) and the receipt names its viewer reads (`BLai`,
`DLBLai`, `NDBLai`, `TToan`, `STBChu`). `receipts/schemas/BLai.xsd` describes exactly
what is written and marks each name [TCT] or [Sohoa]:

    BLai                                          [TCT]
     ├─ DLBLai Id="DLBLai-<series>-<number>"      [TCT] the signed data
     │   ├─ TTChung                               [TCT]
     │   │   PBan · THDon (the series' receipt kind) · KHMSBLai† · KHBLai† · SBLai† · MHSo (dossier)
     │   │   · NLap · DVTTe · HTTToan · TTBLLQuan†{TCBLai†, KHBLCLQuan†, SBLCLQuan†}
     │   │   · TTKhac/TTin{TTruong, KDLieu, DLieu} (ThoiDiemLap, DonVi)
     │   └─ NDBLai                                [TCT]
     │       TCThu†{Ten, MST, DChi} · NNop†{Ten} · NThu†{HVTen†} · DSKPhi†/KPhi†{STT, TKPhi†,
     │       LKPhi†, MKPhi†, ThTien} · TToan{TgTien, STBChu} · TTKhac (GhiChu)
     └─ DSCKS                                     [TCT]
         ├─ TCThu†  (the collecting organisation's XML-DSig signature)
         └─ CCKSKhac

† Sohoa's own names, by analogy with the authority's (not from its schema).

The record hash that the receipt's QR code carries is the SHA-256 of the signed data:
the inclusive C14N 1.0 form of `DLBLai`, which is also what the signature's first
Reference digests. It depends on the receipt's data alone, so the printed views can carry
it before the message is signed.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from lxml import etree  # type: ignore[import-untyped]

from receipts.amount_words import amount_in_words
from receipts.model import ReceiptData
from receipts.receipt_checks import check_receipt
from receipts.receipt_text import KIND_NAMES, METHOD_NAMES, nfc, vietnam_time
from receipts.render_errors import InvalidReceiptError
from receipts.xml_document import add_text, schema_problem, stored_bytes

MESSAGE_VERSION = "2.0.1"
"""`PBan`: the version of the e-invoice format (Decision 1510/QĐ-TCT) the message follows; the
tax authority has no version for receipts (the value to write today is not confirmed)."""
ROOT = "BLai"
SIGNED_DATA = "DLBLai"
SIGNER_SLOT = "TCThu"
"""The collecting organisation's place in `DSCKS` (Sohoa's name; an invoice's is `NBan`)."""
CURRENCY = "VND"
REPLACEMENT = "1"
"""`TCBLai`, the relation to the receipt named in `TTBLLQuan`: 1 = this one replaces it."""
SCHEMA = Path(__file__).with_name("schemas") / "BLai.xsd"


def build_message(data: ReceiptData) -> etree._Element:
    """The message with its data and an empty signer slot (`DSCKS/TCThu`)."""
    check_receipt(data)
    root = etree.Element(ROOT)
    signed = etree.SubElement(root, SIGNED_DATA, Id=signed_data_id(data))
    _general(etree.SubElement(signed, "TTChung"), data)
    _content(etree.SubElement(signed, "NDBLai"), data)
    signatures = etree.SubElement(root, "DSCKS")
    etree.SubElement(signatures, SIGNER_SLOT)
    etree.SubElement(signatures, "CCKSKhac")
    return root


def signed_data_id(data: ReceiptData) -> str:
    """The `Id` of `DLBLai`, an XML name: '/' of a series symbol (AA/26E) becomes '-'."""
    return f"{SIGNED_DATA}-{data.series_symbol.replace('/', '-')}-{data.number_text}"


def signer_slot(message: etree._Element) -> etree._Element:
    slot = message.find(f"DSCKS/{SIGNER_SLOT}")
    assert slot is not None, "a message built by build_message"
    return slot


def signed_data(message: etree._Element) -> etree._Element:
    element = message.find(SIGNED_DATA)
    assert element is not None, "a message built by build_message"
    return element


def data_digest(signed: etree._Element) -> str:
    """SHA-256 of the inclusive C14N 1.0 form of `DLBLai`, 64 lowercase hex digits."""
    return hashlib.sha256(etree.tostring(signed, method="c14n")).hexdigest()


def record_sha256(data: ReceiptData) -> str:
    """The hash the receipt's QR code carries: of the signed data of its message."""
    return data_digest(signed_data(build_message(data)))


def message_problem(message: etree._Element) -> str | None:
    """Where `message` breaks the shipped XSD; None when it is valid."""
    return schema_problem(SCHEMA, message)


def validate_message(message: etree._Element) -> None:
    """InvalidReceiptError unless `message` is valid against the shipped XSD."""
    detail = message_problem(message)
    if detail is not None:
        raise InvalidReceiptError(
            f"The receipt's XML data message does not follow its schema {SCHEMA.name} "
            f"({detail}); it was not stored.",
            code="receipt.message_invalid",
            params={"schema": SCHEMA.name, "detail": detail},
        )


def message_bytes(message: etree._Element) -> bytes:
    """The message as stored (`xml_document.stored_bytes`)."""
    return stored_bytes(message)


def _general(parent: etree._Element, data: ReceiptData) -> None:
    local = vietnam_time(data.issued_at)
    add_text(parent, "PBan", MESSAGE_VERSION)
    add_text(parent, "THDon", nfc(data.kind_name))
    add_text(parent, "KHMSBLai", data.form_symbol)
    add_text(parent, "KHBLai", data.series_symbol)
    add_text(parent, "SBLai", str(data.number))
    if data.dossier_code is not None:
        add_text(parent, "MHSo", nfc(data.dossier_code))
    add_text(parent, "NLap", local.date().isoformat())
    add_text(parent, "DVTTe", CURRENCY)
    add_text(parent, "HTTToan", METHOD_NAMES[data.method])
    if data.replaces is not None:
        series, _, number = data.replaces.rpartition("-")
        related = etree.SubElement(parent, "TTBLLQuan")
        add_text(related, "TCBLai", REPLACEMENT)
        add_text(related, "KHBLCLQuan", series)
        add_text(related, "SBLCLQuan", str(int(number)))
    other = etree.SubElement(parent, "TTKhac")
    _field(other, "ThoiDiemLap", "dateTime", local.isoformat(timespec="seconds"))
    _field(other, "DonVi", "string", nfc(data.unit))


def _content(parent: etree._Element, data: ReceiptData) -> None:
    organization = data.organization
    collecting = etree.SubElement(parent, "TCThu")
    add_text(collecting, "Ten", nfc(organization.name))
    add_text(collecting, "MST", organization.tax_code)
    add_text(collecting, "DChi", nfc(organization.address))
    add_text(etree.SubElement(parent, "NNop"), "Ten", nfc(data.payer))
    if data.collector.strip():
        add_text(etree.SubElement(parent, "NThu"), "HVTen", nfc(data.collector.strip()))
    fees = etree.SubElement(parent, "DSKPhi")
    for position, line in enumerate(data.lines, 1):
        fee = etree.SubElement(fees, "KPhi")
        add_text(fee, "STT", str(position))
        add_text(fee, "TKPhi", nfc(line.name))
        add_text(fee, "LKPhi", KIND_NAMES[line.kind])
        if line.fee_code is not None:
            add_text(fee, "MKPhi", nfc(line.fee_code))
        add_text(fee, "ThTien", str(line.amount))
    totals = etree.SubElement(parent, "TToan")
    add_text(totals, "TgTien", str(data.total))
    add_text(totals, "STBChu", nfc(amount_in_words(data.total)))
    if data.notes:
        other = etree.SubElement(parent, "TTKhac")
        for note in data.notes:
            _field(other, "GhiChu", "string", nfc(note))


def _field(parent: etree._Element, name: str, kind: str, value: str) -> None:
    item = etree.SubElement(parent, "TTin")
    add_text(item, "TTruong", name)
    add_text(item, "KDLieu", kind)
    add_text(item, "DLieu", value)
