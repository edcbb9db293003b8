"""Units get their names from an admin: the code stays (it is the inbox folder), the name
is what people read."""

from __future__ import annotations

import unicodedata

from config import SohoaError
from config.errors import ExitCode, NotFoundError
from store import audit
from store.database import Store
from store.schema import UnitRecord

MAX_NAME = 300


class UnitError(SohoaError):
    exit_code = ExitCode.bad_args


class UnitNotFoundError(UnitError, NotFoundError):
    pass


def rename_unit(store: Store, unit_id: int, name: str, actor: str) -> bool:
    """Give unit `unit_id` the name `name`; False when it had that name already."""
    cleaned = " ".join(unicodedata.normalize("NFC", name).split())
    if not cleaned:
        raise UnitError("A unit's name cannot be empty.", code="unit.name_empty")
    if len(cleaned) > MAX_NAME:
        raise UnitError(
            f"A unit's name has at most {MAX_NAME} characters.",
            code="unit.name_too_long",
            params={"max_length": MAX_NAME},
        )
    with store.writing() as session:
        unit = session.get(UnitRecord, unit_id)
        if unit is None:
            raise UnitNotFoundError(
                f"There is no unit {unit_id}.", code="unit.not_found", params={"unit": unit_id}
            )
        if unit.name == cleaned:
            return False
        old, unit.name = unit.name, cleaned
        audit.record(
            session, "unit.renamed", f"unit:{unit.id}", actor, code=unit.code, old=old, new=cleaned
        )
        return True
