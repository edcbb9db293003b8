"""A dossier register and its documents written straight into a store, in bulk.

For the rates tests and benchmark: rows are plain dictionaries inserted with SQLAlchemy
Core many at a time (ids given here), so tens of thousands of dossiers take seconds, not
minutes of ORM objects.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from itertools import islice
from typing import Any

from sqlalchemy import insert, text

from store.database import Store
from store.schema import (
    DocumentRecord,
    DossierRecord,
    ProcedureComponentRecord,
    ProcedureRecord,
    UnitRecord,
)

Row = dict[str, Any]
CHUNK = 20_000
INBOX_UNIT = 1_000_000
"""The unit whose inbox the documents came through, unless a test says otherwise."""
_MOMENT = datetime(2026, 1, 1, tzinfo=UTC)


def unit_row(unit_id: int, code: str) -> Row:
    return {"id": unit_id, "code": code, "name": f"Đơn vị {code}"}


def procedure_row(
    procedure_id: int, code: str, field: str = "", intake_rule: str | None = None
) -> Row:
    return {
        "id": procedure_id,
        "code": code,
        "name": f"Thủ tục {code}",
        "field": field,
        "intake_rule": intake_rule,
    }


def component_row(component_id: int, procedure_id: int, name: str) -> Row:
    return {"id": component_id, "procedure_id": procedure_id, "name": name}


def dossier_row(
    dossier_id: int,
    received_at: datetime,
    *,
    resolved_at: datetime | None = None,
    unit_id: int | None = None,
    procedure_id: int | None = None,
    channel: str = "counter",
    result_required: bool = True,
) -> Row:
    return {
        "id": dossier_id,
        "code": f"H57.132-{received_at:%y%m%d}-{dossier_id:06d}",
        "procedure_id": procedure_id,
        "unit_id": unit_id,
        "channel": channel,
        "received_at": received_at,
        "due_at": None,
        "resolved_at": resolved_at,
        "result_required": result_required,
        "updated_at": _MOMENT,
    }


def document_row(
    document_id: int,
    dossier_id: int | None,
    *,
    kind: str = "intake",
    status: str = "digitized",
    unit_id: int = INBOX_UNIT,
    component: str | None = None,
    parent_id: int | None = None,
) -> Row:
    return {
        "id": document_id,
        "sha256": f"{document_id:064x}",
        "kind": kind,
        "status": status,
        "unit_id": unit_id,
        "dossier_id": dossier_id,
        "dossier_code": None,
        "tag_source": "folder" if dossier_id is not None else None,
        "parent_id": parent_id,
        "original_name": f"scan-{document_id}.pdf",
        "inbox_path": f"u/{kind}/scan-{document_id}.pdf",
        "archive_path": f"archive/{document_id}",
        "notes": "",
        "component": component,
        "received_at": _MOMENT,
        "digitized_at": _MOMENT if status == "digitized" else None,
    }


def write_register(
    store: Store,
    *,
    units: Iterable[Row] = (),
    procedures: Iterable[Row] = (),
    components: Iterable[Row] = (),
    dossiers: Iterable[Row] = (),
    documents: Iterable[Row] = (),
) -> None:
    """Insert the rows in one transaction, parents first. On PostgreSQL the id sequences
    are moved past the ids given, so that rows added later the usual way still fit."""
    with store.writing() as session:
        connection = session.connection()
        if session.get(UnitRecord, INBOX_UNIT) is None:
            connection.execute(insert(UnitRecord), [unit_row(INBOX_UNIT, "hop-thu")])
        for model, rows in (
            (UnitRecord, units),
            (ProcedureRecord, procedures),
            (ProcedureComponentRecord, components),
            (DossierRecord, dossiers),
            (DocumentRecord, documents),
        ):
            for chunk in _chunks(rows):
                connection.execute(insert(model), chunk)
            if not store.is_sqlite:
                table = model.__tablename__
                connection.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                        f"coalesce((SELECT max(id) FROM {table}), 0) + 1, false)"
                    )
                )


def _chunks(rows: Iterable[Row]) -> Iterator[list[Row]]:
    iterator = iter(rows)
    while chunk := list(islice(iterator, CHUNK)):
        yield chunk
