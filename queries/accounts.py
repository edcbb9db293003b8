"""Who may log in and call the API: users with their roles and units, and API tokens. The
admin's pages and `sohoa users list` read these; a password hash or token is never read."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from store.database import Store
from store.schema import ApiTokenRecord, UnitRecord, UserRecord, UserUnitRecord
from store.states import Role


@dataclass(frozen=True)
class UserRow:
    name: str
    full_name: str
    roles: tuple[Role, ...]
    units: tuple[str, ...]
    """The codes of the user's units (what the admin types)."""
    active: bool
    unit_names: tuple[str, ...] = ()
    """The display names of `units`, in the same order; "" for a unit without a name."""

    @property
    def named_units(self) -> tuple[tuple[str, str], ...]:
        """(name, code) of each unit."""
        names = self.unit_names or ("",) * len(self.units)
        return tuple(zip(names, self.units, strict=True))


@dataclass(frozen=True)
class TokenRow:
    id: int
    label: str
    user: str
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


def user_rows(store: Store, offset: int = 0, limit: int | None = None) -> list[UserRow]:
    """Users by name."""
    with store.reading() as session:
        users = session.scalars(
            select(UserRecord).order_by(UserRecord.name).offset(offset).limit(limit)
        ).all()
    units = _unit_codes(store, [user.id for user in users])
    return [_user_row(user, units[user.id]) for user in users]


def user_row(store: Store, name: str) -> UserRow | None:
    with store.reading() as session:
        user = session.scalars(select(UserRecord).where(UserRecord.name == name.lower())).first()
    return None if user is None else _user_row(user, _unit_codes(store, [user.id])[user.id])


def token_rows(store: Store, offset: int, limit: int, user: str | None = None) -> list[TokenRow]:
    query = (
        select(ApiTokenRecord, UserRecord.name)
        .join(UserRecord, UserRecord.id == ApiTokenRecord.user_id)
        .order_by(ApiTokenRecord.id.desc())
        .offset(offset)
        .limit(limit)
    )
    if user:
        query = query.where(UserRecord.name == user.lower())
    with store.reading() as session:
        return [
            TokenRow(
                record.id,
                record.label,
                name,
                record.created_at,
                record.last_used_at,
                record.revoked_at,
            )
            for record, name in session.execute(query)
        ]


def _unit_codes(store: Store, user_ids: list[int]) -> defaultdict[int, list[tuple[str, str]]]:
    """Each user's units as (code, name), by code."""
    codes: defaultdict[int, list[tuple[str, str]]] = defaultdict(list)
    if not user_ids:
        return codes
    with store.reading() as session:
        rows = session.execute(
            select(UserUnitRecord.user_id, UnitRecord.code, UnitRecord.name)
            .join(UnitRecord, UnitRecord.id == UserUnitRecord.unit_id)
            .where(UserUnitRecord.user_id.in_(user_ids))
            .order_by(UnitRecord.code)
        )
        for user_id, code, name in rows:
            codes[user_id].append((code, name))
    return codes


def _user_row(user: UserRecord, units: list[tuple[str, str]]) -> UserRow:
    roles = tuple(role for role in Role if role.value in user.roles.split(","))
    codes = tuple(code for code, _ in units)
    names = tuple(name for _, name in units)
    return UserRow(user.name, user.full_name, roles, codes, user.active, names)
