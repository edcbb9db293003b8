"""A big office's record for the workspace benchmarks (the document list, search, downloads).

`seed_workspace` fills a migrated store as `bench/web_office.py` does (5 units with display
names, 10,000 dossiers, 100,000 documents each with one page of Vietnamese OCR text, folded
for search and indexed by the page-search index through the store's own trigger or GIN
index), then gives each document what the list shows: the batch it was last placed in, a
tag source of every kind and a page count. `put_outputs` lays a real PDF at the output path
of some documents, for downloads.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from sqlalchemy import select, text, update

from bench.web_office import UNITS, load_office
from store.database import Store
from store.schema import DocumentRecord, UnitRecord

UNIT_NAMES = (
    "Bộ phận một cửa xã An Bình",
    "Bộ phận một cửa xã Phú Lộc",
    "Bộ phận một cửa xã Tân Mỹ",
    "Bộ phận một cửa xã Hòa An",
    "Bộ phận một cửa xã Mỹ Thạnh",
)
TAG_SOURCES = ("folder", "file_name", "barcode", "text", "clerk")


def seed_workspace(store: Store, dossiers: int = 10_000) -> dict[str, object]:
    """Fill `store` (freshly migrated); what `load_office` returns, and the units' ids."""
    found = load_office(store, dossiers)
    with store.writing() as session:
        for code, name in zip(UNITS, UNIT_NAMES, strict=True):
            session.execute(update(UnitRecord).where(UnitRecord.code == code).values(name=name))
        session.execute(
            text(
                "UPDATE documents SET batch_id = (SELECT max(batch_items.batch_id) "
                "FROM batch_items WHERE batch_items.document_id = documents.id)"
            )
        )
        for number, source in enumerate(TAG_SOURCES):
            session.execute(
                update(DocumentRecord)
                .where(DocumentRecord.tag_source.is_not(None))
                .where(DocumentRecord.id % len(TAG_SOURCES) == number)
                .values(tag_source=source, page_count=1 + number)
            )
        units = dict(session.execute(select(UnitRecord.code, UnitRecord.id)).tuples().all())
    return {**found, "unit_ids": {code: units[code] for code in UNITS}}


def outputs_of_unit(store: Store, unit_code: str, count: int) -> list[tuple[int, str]]:
    """(id, output path) of `count` digitized documents of the unit."""
    query = (
        select(DocumentRecord.id, DocumentRecord.output_path)
        .join(UnitRecord, UnitRecord.id == DocumentRecord.unit_id)
        .where(UnitRecord.code == unit_code, DocumentRecord.output_path.is_not(None))
        .order_by(DocumentRecord.id)
        .limit(count)
    )
    with store.reading() as session:
        return [(row[0], str(row[1])) for row in session.execute(query)]


def put_outputs(data_dir: Path, relative_paths: Sequence[str], pdf: Path) -> None:
    """`pdf` at each output path (hard links: the bytes are read as many times, stored once)."""
    for relative in relative_paths:
        target = data_dir / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.exists():
            os.link(pdf, target)


def sample_pdf(path: Path, megabytes: float = 1.0) -> Path:
    """A real one-page PDF of about `megabytes` (a scan-like grey page as JPEG)."""
    from PIL import Image

    side = int(1100 * megabytes**0.5)
    noise = Image.effect_noise((side, side), 60).convert("L")
    noise.save(path, "PDF", resolution=300.0, quality=92)
    return path
