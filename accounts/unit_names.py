"""Units get their names from an admin: the code stays (it is the inbox folder), the name
is what people read.

A unit appears in the record the first time a file arrives in its inbox folder
(`inbox/<code>/intake|results/`), or when an admin adds it by its code and name, which also
makes its two inbox folders.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

from config import SohoaError
from config.errors import ConflictError, ExitCode, NotFoundError
from config.file_modes import INBOX_MODE
from store import audit
from store.database import Session, Store
from store.record import Record
from store.schema import UnitRecord
from store.units import add_unit_named, find_unit

MAX_NAME = 300
MAX_CODE = 100
# An inbox folder name every share and scanner writes alike: no diacritics, no spaces, not
# hidden (a leading '.') and not one of Sohoa's own folders (a leading '_', as `_refused`).
_CODE = re.compile(rf"[A-Za-z0-9][A-Za-z0-9._-]{{0,{MAX_CODE - 1}}}")
_TEMPORARY_ENDINGS = (".tmp", ".temp", ".part", ".partial", ".swp")
INBOX_KINDS = ("intake", "results")


class UnitError(SohoaError):
    exit_code = ExitCode.bad_args


class UnitNotFoundError(UnitError, NotFoundError):
    pass


class UnitExistsError(UnitError, ConflictError):
    pass


def check_unit_code(code: str) -> str:
    """`code` if it can name an inbox folder, else a UnitError saying what a code may hold."""
    if not _CODE.fullmatch(code) or code.lower().endswith(_TEMPORARY_ENDINGS):
        raise UnitError(
            f"'{code}' cannot be a unit's code (its inbox folder's name): use letters a-z "
            f"without diacritics, digits, '.', '_' or '-', at most {MAX_CODE} characters, "
            "starting with a letter or digit, e.g. ubnd-xa-an-binh.",
            code="unit.code_invalid",
            params={"code": code, "max_length": MAX_CODE},
        )
    return code


def cleaned_unit_name(name: str) -> str:
    cleaned = " ".join(unicodedata.normalize("NFC", name).split())
    if not cleaned:
        raise UnitError("A unit's name cannot be empty.", code="unit.name_empty")
    if len(cleaned) > MAX_NAME:
        raise UnitError(
            f"A unit's name has at most {MAX_NAME} characters.",
            code="unit.name_too_long",
            params={"max_length": MAX_NAME},
        )
    return cleaned


def add_unit(record: Record, code: str, name: str, actor: str) -> int:
    """A new unit `code` named `name`, with its inbox folders; refused if the code exists."""
    check_unit_code(code)
    cleaned = cleaned_unit_name(name)
    with record.store.writing() as session:
        if find_unit(session, code) is not None:
            raise UnitExistsError(
                f"There is a unit '{code}' already; `sohoa units rename {code}` renames it.",
                code="unit.exists",
                params={"code": code},
            )
        added = add_unit_named(session, code, cleaned, actor)
    make_inbox_folders(record, code)
    return added


def name_unit(record: Record, code: str, name: str, actor: str) -> None:
    """Add unit `code` named `name`, or rename it if it exists (setting an office up again)."""
    check_unit_code(code)
    cleaned = cleaned_unit_name(name)
    with record.store.writing() as session:
        unit = find_unit(session, code)
        if unit is None:
            add_unit_named(session, code, cleaned, actor)
        elif unit.name != cleaned:
            _rename(session, unit, cleaned, actor)
    make_inbox_folders(record, code)


def make_inbox_folders(record: Record, code: str) -> None:
    """`inbox/<code>/intake` and `inbox/<code>/results`, which the group (the scanners) writes."""
    unit_inbox = record.layout.inbox / code
    for folder in (unit_inbox, *(unit_inbox / kind for kind in INBOX_KINDS)):
        folder.mkdir(parents=True, exist_ok=True)
        folder.chmod(INBOX_MODE)


def rename_unit_coded(store: Store, code: str, name: str, actor: str) -> bool:
    """Rename the unit whose code is `code`; False when it had that name already."""
    missing = UnitNotFoundError(
        f"There is no unit '{code}'.", code="unit.code_not_found", params={"code": code}
    )
    return _renamed(store, lambda session: find_unit(session, code), missing, name, actor)


def rename_unit(store: Store, unit_id: int, name: str, actor: str) -> bool:
    """Give unit `unit_id` the name `name`; False when it had that name already."""
    missing = UnitNotFoundError(
        f"There is no unit {unit_id}.", code="unit.not_found", params={"unit": unit_id}
    )
    return _renamed(store, lambda session: session.get(UnitRecord, unit_id), missing, name, actor)


def _renamed(
    store: Store,
    find: Callable[[Session], UnitRecord | None],
    missing: UnitNotFoundError,
    name: str,
    actor: str,
) -> bool:
    cleaned = cleaned_unit_name(name)
    with store.writing() as session:
        unit = find(session)
        if unit is None:
            raise missing
        if unit.name == cleaned:
            return False
        _rename(session, unit, cleaned, actor)
        return True


def _rename(session: Session, unit: UnitRecord, name: str, actor: str) -> None:
    old, unit.name = unit.name, name
    audit.record(
        session, "unit.renamed", f"unit:{unit.id}", actor, code=unit.code, old=old, new=name
    )
