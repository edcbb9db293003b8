"""Register rows pushed by the one-stop system through the API, imported like a register file.

The rows are written as a JSON register (the format `sohoa dossiers import` reads) in the
work folder and go through the same reader and import: the same columns, the same checks,
the same per-row problems. A caller limited to some units (a clerk) may push rows of those
units only, may not move a dossier registered under another unit, and may reference a
procedure but not rename it: procedures are shared by every unit.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path

from config import SohoaError
from config.errors import ExitCode
from dossier_register.flow import RegisterImportResult, import_register
from dossiers import read_register
from store.record import Record
from store.register import dossiers_registered_outside


class RegisterPushRefusedError(SohoaError):
    """Rows of units the caller may not touch: nothing was imported."""

    exit_code = ExitCode.not_permitted


def push_register(
    record: Record,
    rows: Sequence[Mapping[str, object]],
    actor: str,
    units: frozenset[str] | None = None,
) -> RegisterImportResult:
    """Import `rows` (register columns by name); with `units`, only rows of those units."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    path = record.layout.work / "api-register" / f"api-{stamp}-{secrets.token_hex(4)}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    body = json.dumps({"dossiers": list(rows)}, ensure_ascii=False, default=str)
    path.write_text(body, encoding="utf-8")  # a scratch copy, removed once imported
    try:
        if units is not None:
            _check_units(record, path, units)
        return import_register(record.store, path, actor=actor, changes_shared=units is None)
    finally:
        path.unlink(missing_ok=True)


def _check_units(record: Record, path: Path, units: frozenset[str]) -> None:
    readable = read_register(path).rows
    foreign = [f"{row.row} ({row.unit})" for row in readable if row.unit not in units]
    codes = [str(row.code.dossier) for row in readable]
    elsewhere = _registered_elsewhere(record, codes, units)
    if foreign:
        raise RegisterPushRefusedError(
            f"Rows {', '.join(foreign)} name units you do not work for; nothing was imported.",
            code="register.rows_foreign",
            params={"rows": ", ".join(foreign)},
        )
    if elsewhere:
        raise RegisterPushRefusedError(
            f"Dossiers {', '.join(elsewhere)} are registered under units you do not work for; "
            "nothing was imported.",
            code="register.dossiers_elsewhere",
            params={"dossiers": ", ".join(elsewhere)},
        )


def _registered_elsewhere(record: Record, codes: Sequence[str], units: frozenset[str]) -> list[str]:
    with record.store.reading() as session:
        return sorted(dossiers_registered_outside(session, codes, units))
