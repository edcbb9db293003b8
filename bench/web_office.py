"""A big office's record for the web benchmark: 10,000 dossiers, 100,000 documents.

Rows go straight into a migrated store with SQLAlchemy Core (as the rates benchmark does):
5 units, 50 procedures, dossiers over the last 60 days, ten documents each (intake papers
and results; 2 % digitized but untagged, 1 % quarantined), a page of OCR text for each
document, 250 signing batches (50 waiting), a receipt series with 20,000 receipts, and
100,000 audit entries chained as the record chains them.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import insert

from dossiers.folding import fold
from store.audit import GENESIS, canonical_json, seal
from store.database import Store
from store.schema import (
    AuditRecord,
    BatchItemRecord,
    BatchRecord,
    PageRecord,
    ReceiptRecord,
    ReceiptSeriesRecord,
)
from tests.support.rates_register import (
    document_row,
    dossier_row,
    procedure_row,
    unit_row,
    write_register,
)

UNITS = ("xa-an-binh", "xa-phu-loc", "xa-tan-my", "xa-hoa-an", "xa-my-thanh")
WORDS = (
    "Ủy",
    "ban",
    "nhân",
    "dân",
    "xã",
    "An",
    "Bình",
    "tiếp",
    "nhận",
    "hồ",
    "sơ",
    "đăng",
    "ký",
    "khai",
    "sinh",
    "của",
    "công",
    "dân",
    "Nguyễn",
    "Thị",
    "Hoà,",
    "giấy",
    "chứng",
    "nhận",
    "quyền",
    "sử",
    "dụng",
    "đất,",
    "bản",
    "sao",
    "chứng",
    "thực,",
    "quyết",
    "định",
    "giải",
    "quyết",
)
Row = dict[str, Any]


def load_office(store: Store, dossiers: int, documents_each: int = 10) -> dict[str, object]:
    """Fill `store`; return what the benchmark needs to name pages (codes, ids)."""
    now = datetime.now(UTC)
    rnd = random.Random(7)
    units = [unit_row(number, code) for number, code in enumerate(UNITS, start=1)]
    procedures = [procedure_row(number, f"1.00{number:04d}") for number in range(1, 51)]
    dossier_rows = [
        dossier_row(
            number,
            now - timedelta(days=60 * (dossiers - number) / dossiers),
            unit_id=1 + number % len(UNITS),
            procedure_id=1 + number % 50,
            resolved_at=now - timedelta(days=rnd.random() * 10) if rnd.random() < 0.7 else None,
        )
        for number in range(1, dossiers + 1)
    ]
    write_register(
        store,
        units=units,
        procedures=procedures,
        dossiers=dossier_rows,
        documents=_documents(dossier_rows, documents_each, rnd),
    )
    count = dossiers * documents_each
    with store.writing() as session:
        connection = session.connection()
        insert_in_chunks(connection, PageRecord, _pages(count, rnd))
        insert_in_chunks(connection, BatchRecord, _batches(now))
        insert_in_chunks(connection, BatchItemRecord, _batch_items(count))
        connection.execute(insert(ReceiptSeriesRecord), [_series(now)])
        insert_in_chunks(connection, ReceiptRecord, _receipts(now, dossier_rows))
        insert_in_chunks(connection, AuditRecord, _audit_entries(now, 100_000))
    return {
        "dossier_code": dossier_rows[len(dossier_rows) // 2]["code"],
        "document_id": count // 2,
        "batch_id": 1,
        "receipt_id": 1,
        "word": "chứng thực",
    }


def _documents(dossiers: list[Row], each: int, rnd: random.Random) -> Iterator[Row]:
    number = 0
    for dossier in dossiers:
        for position in range(each):
            number += 1
            roll = rnd.random()
            status = "quarantined" if roll < 0.01 else "digitized"
            tagged = roll >= 0.03
            row = document_row(
                number,
                dossier["id"] if tagged else None,
                kind="result" if position == each - 1 else "intake",
                status=status,
                unit_id=dossier["unit_id"],
            )
            row["dossier_code"] = dossier["code"] if tagged else None
            row["received_at"] = dossier["received_at"] + timedelta(minutes=position)
            row["page_count"] = 1
            row["output_path"] = f"outputs/{number}.pdf" if status == "digitized" else None
            row["output_kind"] = "pdfa" if status == "digitized" else None
            row["signed_at"] = row["received_at"] + timedelta(hours=2) if roll > 0.5 else None
            yield row


def _pages(count: int, rnd: random.Random) -> Iterator[Row]:
    for number in range(1, count + 1):
        text = " ".join(rnd.choice(WORDS) for _ in range(60))
        yield {
            "id": number,
            "document_id": number,
            "number": 1,
            "text": text,
            "folded": fold(text),
            "barcodes": "",
        }


def _batches(now: datetime) -> Iterator[Row]:
    for number in range(1, 251):
        waiting = number <= 50
        yield {
            "id": number, "profile": "xa", "unit_id": 1 + number % len(UNITS), "kind": "result",
            "day": f"{now:%Y-%m-%d}", "by_hand": False,
            "state": "submitted" if waiting else "signed", "created_at": now,
            "created_by": "system", "submitted_at": now, "submitted_by": "system",
            "decided_at": None if waiting else now, "decided_by": None if waiting else "web:hung",
            "reason": None, "finished_at": None if waiting else now,
        }  # fmt: skip


def _batch_items(count: int) -> Iterator[Row]:
    for number in range(1, 250 * 20 + 1):
        batch = 1 + (number - 1) // 20
        yield {
            "id": number, "batch_id": batch, "document_id": count - number + 1,
            "state": "waiting" if batch <= 50 else "signed", "sha256": None,
            "signed_sha256": None, "error": None, "signed_at": None,
        }  # fmt: skip


def _series(now: datetime) -> Row:
    return {
        "id": 1, "form_symbol": "01BLP0-001", "series_symbol": "BI-26T", "year": 2026,
        "organization": "UBND xã An Bình", "tax_code": "0312345678", "address": "Thôn Phú Lộc",
        "unit_id": 1, "profile": "xa", "last_number": 20_000, "created_at": now,
    }  # fmt: skip


def _receipts(now: datetime, dossiers: list[Row]) -> Iterator[Row]:
    for number in range(1, 20_001):
        yield {
            "id": number, "series_id": 1, "number": number, "state": "issued",
            "issued_at": now - timedelta(minutes=20_001 - number), "issued_by": "web:lan",
            "payer": "Nguyễn Thị Hoà", "dossier_code": dossiers[number % len(dossiers)]["code"],
            "dossier_id": None, "method": "cash", "total": 2000, "replaces_id": None,
            "record_sha256": f"{number:064x}", "pdf_path": None, "docx_path": None,
            "xml_path": None, "error": None, "cancelled_at": None, "cancelled_by": None,
            "cancel_reason": None,
        }  # fmt: skip


def _audit_entries(now: datetime, count: int) -> Iterator[Row]:
    previous = GENESIS
    for number in range(1, count + 1):
        entry = AuditRecord(
            id=number,
            at=(now - timedelta(seconds=count - number)).isoformat().replace("+00:00", "Z"),
            actor="system",
            action="document.digitized",
            subject=f"document:{number}",
            details=canonical_json({"pages": 1}),
            prev_hash=previous,
        )
        entry.hash = previous = seal(entry)
        yield {
            name: getattr(entry, name)
            for name in ("id", "at", "actor", "action", "subject", "details", "prev_hash", "hash")
        }


def insert_in_chunks(connection: Any, model: Any, rows: Iterator[Row]) -> None:
    """Insert `rows` of `model` 20,000 at a time (a bulk load, not the ORM's one by one)."""
    chunk: list[Row] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == 20_000:
            connection.execute(insert(model), chunk)
            chunk = []
    if chunk:
        connection.execute(insert(model), chunk)
