"""The fee catalogue: what each procedure costs. An admin adds, changes and removes fees or
imports a whole file; each change is audited in its transaction. Receipts keep their own copy
of each line, so changing or removing a fee never changes a receipt issued before."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from receipt_counter.errors import FeeExistsError, FeeNotFoundError
from receipt_counter.fee_fields import FeeChange, FeeSpec
from receipt_counter.fee_file import read_fee_file
from store import audit
from store.database import Session, Store
from store.receipts import fee_named
from store.schema import FeeRecord


@dataclass(frozen=True)
class FeeImport:
    added: int
    changed: int
    unchanged: int

    @property
    def rows(self) -> int:
        return self.added + self.changed + self.unchanged


def add_fee(store: Store, fee: FeeSpec, actor: str) -> int:
    """The new fee's id; FeeExistsError when its procedure has a fee of that name."""
    with store.writing() as session:
        _check_free(session, fee.procedure_code, fee.name, None)
        added = FeeRecord(
            procedure_code=fee.procedure_code,
            name=fee.name,
            kind=fee.kind.value,
            amount=fee.amount,
        )
        session.add(added)
        session.flush()
        audit.record(
            session, "fee.added", f"fee:{added.id}", actor, procedure_code=fee.procedure_code,
            name=fee.name, kind=fee.kind.value, amount=fee.amount,
        )  # fmt: skip
        return added.id


def change_fee(store: Store, fee_id: int, change: FeeChange, actor: str) -> bool:
    """Give fee `fee_id` a new name, kind or amount; False when nothing changed."""
    with store.writing() as session:
        fee = _fee(session, fee_id)
        if change.name != fee.name:
            _check_free(session, fee.procedure_code, change.name, fee.id)
        if (fee.name, fee.kind, fee.amount) == (change.name, change.kind.value, change.amount):
            return False
        before = (fee.name, fee.kind, fee.amount)
        fee.name, fee.kind, fee.amount = change.name, change.kind.value, change.amount
        audit.record(
            session, "fee.changed", f"fee:{fee.id}", actor, procedure_code=fee.procedure_code,
            name=fee.name, kind=fee.kind, amount=fee.amount,
            previous_name=before[0], previous_kind=before[1], previous_amount=before[2],
        )  # fmt: skip
        return True


def remove_fee(store: Store, fee_id: int, actor: str) -> None:
    """Take fee `fee_id` out of the catalogue; the receipts that listed it keep their lines."""
    with store.writing() as session:
        fee = _fee(session, fee_id)
        audit.record(
            session, "fee.removed", f"fee:{fee.id}", actor, procedure_code=fee.procedure_code,
            name=fee.name, kind=fee.kind, amount=fee.amount,
        )  # fmt: skip
        session.delete(fee)


def import_fees(store: Store, path: Path, actor: str) -> FeeImport:
    """Load the catalogue from a CSV file (procedure_code, name, kind, amount): a fee of the
    same procedure and name is updated, any other added. The whole file is read and checked
    first; one bad row and nothing is imported."""
    fees = read_fee_file(path)
    added = changed = 0
    with store.writing() as session:
        for fee in fees:
            existing = fee_named(session, fee.procedure_code, fee.name)
            if existing is None:
                session.add(
                    FeeRecord(procedure_code=fee.procedure_code, name=fee.name,
                              kind=fee.kind.value, amount=fee.amount)
                )  # fmt: skip
                added += 1
            elif (existing.kind, existing.amount) != (fee.kind.value, fee.amount):
                existing.kind, existing.amount = fee.kind.value, fee.amount
                changed += 1
        result = FeeImport(added, changed, len(fees) - added - changed)
        audit.record(
            session, "fees.imported", f"file:{path.name}", actor, rows=result.rows,
            added=result.added, changed=result.changed, unchanged=result.unchanged,
        )  # fmt: skip
    return result


def _fee(session: Session, fee_id: int) -> FeeRecord:
    fee = session.get(FeeRecord, fee_id)
    if fee is None:
        raise FeeNotFoundError(
            f"There is no fee {fee_id} in the catalogue.",
            code="fee.not_found",
            params={"fee": fee_id},
        )
    return fee


def _check_free(session: Session, procedure_code: str, name: str, fee_id: int | None) -> None:
    existing = fee_named(session, procedure_code, name)
    if existing is not None and existing.id != fee_id:
        raise FeeExistsError(
            f"Procedure {procedure_code} has a fee named {name!r} already.",
            code="fee.exists",
            params={"procedure_code": procedure_code, "name": name},
        )
