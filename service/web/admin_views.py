"""What the admin pages read: users, tokens, units and series, a page at a time."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from store.database import Store
from store.schema import (
    ApiTokenRecord,
    ReceiptSeriesRecord,
    UnitRecord,
    UserRecord,
    UserUnitRecord,
)
from store.states import Role


@dataclass(frozen=True)
class UserRow:
    name: str
    full_name: str
    roles: tuple[Role, ...]
    units: tuple[str, ...]
    active: bool


@dataclass(frozen=True)
class TokenRow:
    id: int
    label: str
    user: str
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


@dataclass(frozen=True)
class UnitRow:
    id: int
    code: str
    name: str


@dataclass(frozen=True)
class SeriesRow:
    form_symbol: str
    series_symbol: str
    year: int
    organization: str
    tax_code: str
    unit: str
    profile: str
    last_number: int


def user_rows(store: Store, offset: int, limit: int) -> list[UserRow]:
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


def _unit_codes(store: Store, user_ids: list[int]) -> defaultdict[int, list[str]]:
    codes: defaultdict[int, list[str]] = defaultdict(list)
    if not user_ids:
        return codes
    with store.reading() as session:
        pairs = session.execute(
            select(UserUnitRecord.user_id, UnitRecord.code)
            .join(UnitRecord, UnitRecord.id == UserUnitRecord.unit_id)
            .where(UserUnitRecord.user_id.in_(user_ids))
            .order_by(UnitRecord.code)
        )
        for user_id, code in pairs:
            codes[user_id].append(code)
    return codes


def _user_row(user: UserRecord, units: list[str]) -> UserRow:
    roles = tuple(role for role in Role if role.value in user.roles.split(","))
    return UserRow(user.name, user.full_name, roles, tuple(units), user.active)


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


def unit_rows(store: Store, offset: int, limit: int) -> list[UnitRow]:
    with store.reading() as session:
        units = session.scalars(
            select(UnitRecord).order_by(UnitRecord.code).offset(offset).limit(limit)
        ).all()
        return [UnitRow(unit.id, unit.code, unit.name) for unit in units]


def series_rows(store: Store, offset: int, limit: int) -> list[SeriesRow]:
    with store.reading() as session:
        rows = session.execute(
            select(ReceiptSeriesRecord, UnitRecord.code)
            .join(UnitRecord, UnitRecord.id == ReceiptSeriesRecord.unit_id)
            .order_by(
                ReceiptSeriesRecord.year.desc(),
                ReceiptSeriesRecord.series_symbol,
                ReceiptSeriesRecord.form_symbol,
            )
            .offset(offset)
            .limit(limit)
        )
        return [
            SeriesRow(
                series.form_symbol,
                series.series_symbol,
                series.year,
                series.organization,
                series.tax_code,
                unit,
                series.profile,
                series.last_number,
            )
            for series, unit in rows
        ]


def series_by_profile(store: Store, per_profile: int = 10) -> dict[str, tuple[list[str], int]]:
    """Per signing profile: the newest series it signs (at most `per_profile`) and how many."""
    with store.reading() as session:
        counts = session.execute(
            select(ReceiptSeriesRecord.profile, func.count()).group_by(ReceiptSeriesRecord.profile)
        ).all()
        found: dict[str, tuple[list[str], int]] = {}
        for profile, count in counts:
            symbols = session.scalars(
                select(ReceiptSeriesRecord.series_symbol)
                .where(ReceiptSeriesRecord.profile == profile)
                .order_by(ReceiptSeriesRecord.id.desc())
                .limit(per_profile)
            ).all()
            found[profile] = (list(symbols), count)
        return found
