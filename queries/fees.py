"""The fee catalogue as people read it: `sohoa receipts fees list`, the fee pages of clerks
and admins and `GET /api/fees`, by procedure code and name."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Select, select

from store.database import Store
from store.schema import FeeRecord, ProcedureRecord


@dataclass(frozen=True)
class FeeRow:
    id: int
    procedure_code: str
    name: str
    kind: str
    """phí or lệ phí."""
    amount: int
    """Whole đồng."""
    procedure_name: str = ""
    """The procedure's name, once a dossier register has named it."""

    def as_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "procedure_code": self.procedure_code,
            "name": self.name,
            "kind": self.kind,
            "amount": self.amount,
            "procedure_name": self.procedure_name,
        }


def fee_rows(store: Store, offset: int = 0, limit: int | None = None) -> list[FeeRow]:
    """The catalogue (a page of it with `limit`), by procedure code and name."""
    query = _named().order_by(FeeRecord.procedure_code, FeeRecord.name, FeeRecord.id)
    with store.reading() as session:
        found = session.execute(query.offset(offset).limit(limit))
        return [_row(fee, procedure_name) for fee, procedure_name in found]


def fee_by_id(store: Store, fee_id: int) -> FeeRow | None:
    with store.reading() as session:
        found = session.execute(_named().where(FeeRecord.id == fee_id)).first()
        return None if found is None else _row(found[0], found[1])


def _named() -> Select[FeeRecord, str]:
    return select(FeeRecord, ProcedureRecord.name).outerjoin(
        ProcedureRecord, ProcedureRecord.code == FeeRecord.procedure_code
    )


def _row(fee: FeeRecord, procedure_name: str | None) -> FeeRow:  # None: not in the register
    return FeeRow(fee.id, fee.procedure_code, fee.name, fee.kind, fee.amount, procedure_name or "")
