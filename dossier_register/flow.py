"""The one-stop system's dossier register, imported into the record.

Rows update the dossier with the same code; documents already tagged with a code that was
not yet registered are linked to it now, and so are documents reused for it (`reuse.py`).
A procedure is shared by every unit: a row creates it when its code is new, and changes its
name or field only when the import may change shared reference data (an admin's or the
command line's, not a clerk's push).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from dossiers import RegisterRow, RowProblem, read_register
from store import audit
from store.archive import sha256_of
from store.database import Session, Store
from store.register import find_dossier, find_procedure, link_documents_to_dossiers
from store.reuses import link_reuses_to_dossiers
from store.schema import DossierRecord, ProcedureRecord
from store.units import unit_id


@dataclass(frozen=True)
class RegisterImportResult:
    created: int
    updated: int
    unchanged: int
    problems: tuple[RowProblem, ...]
    documents_linked: int


def import_register(
    store: Store, path: Path, actor: str = audit.SYSTEM, *, changes_shared: bool = True
) -> RegisterImportResult:
    imported = read_register(path)
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    with store.writing() as session:
        for row in imported.rows:
            counts[_save_row(session, row, actor, changes_shared)] += 1
        linked = link_documents_to_dossiers(session)
        reuses = link_reuses_to_dossiers(session)
        audit.record(
            session,
            "register.imported",
            f"file:{path.name}",
            actor=actor,
            sha256=sha256_of(path),
            problems=len(imported.problems),
            documents_linked=linked,
            reuses_linked=reuses,
            **counts,
        )
    return RegisterImportResult(
        counts["created"], counts["updated"], counts["unchanged"], imported.problems, linked
    )


def _save_row(session: Session, row: RegisterRow, actor: str, changes_shared: bool) -> str:
    code = str(row.code.dossier)
    values: dict[str, Any] = {
        "procedure_id": _procedure_id(session, row, actor, changes_shared),
        "unit_id": unit_id(session, row.unit),
        "channel": row.channel.value,
        "received_at": row.received_at,
        "due_at": row.due_at,
        "resolved_at": row.resolved_at,
        "result_required": row.result_required,
    }
    dossier = find_dossier(session, code)
    if dossier is None:
        session.add(DossierRecord(code=code, updated_at=datetime.now(UTC), **values))
        audit.record(session, "dossier.registered", f"dossier:{code}", actor=actor, **values)
        return "created"
    changed = {key: value for key, value in values.items() if getattr(dossier, key) != value}
    if not changed:
        return "unchanged"
    for key, value in changed.items():
        setattr(dossier, key, value)
    dossier.updated_at = datetime.now(UTC)
    audit.record(session, "dossier.updated", f"dossier:{code}", actor=actor, **changed)
    return "updated"


def _procedure_id(session: Session, row: RegisterRow, actor: str, changes_shared: bool) -> int:
    code = str(row.procedure)
    procedure = find_procedure(session, code)
    if procedure is None:
        procedure = ProcedureRecord(code=code, name=row.procedure_name, field=row.field)
        session.add(procedure)
        session.flush()
        return procedure.id
    wanted = {"name": row.procedure_name or procedure.name, "field": row.field or procedure.field}
    changed = {key: value for key, value in wanted.items() if getattr(procedure, key) != value}
    if changed and changes_shared:
        for key, value in changed.items():
            setattr(procedure, key, value)
        audit.record(session, "procedure.changed", f"procedure:{code}", actor=actor, **changed)
    return procedure.id
