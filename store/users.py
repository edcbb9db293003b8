"""Users of the web interface as the record holds them: their units, login sessions, API
tokens and the failed logins that slow the next attempts."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from store.database import Session
from store.schema import (
    ApiTokenRecord,
    LoginFailureRecord,
    UnitRecord,
    UserRecord,
    UserUnitRecord,
    WebSessionRecord,
)


def find_user_named(session: Session, name: str) -> UserRecord | None:
    """The user whose name is exactly `name` (names are stored in lower case)."""
    return session.scalars(select(UserRecord).where(UserRecord.name == name)).first()


def units_of_user(session: Session, user_id: int) -> list[tuple[int, str]]:
    """(id, code) of the user's units, by code."""
    rows = session.execute(
        select(UnitRecord.id, UnitRecord.code)
        .join(UserUnitRecord, UserUnitRecord.unit_id == UnitRecord.id)
        .where(UserUnitRecord.user_id == user_id)
        .order_by(UnitRecord.code)
    ).all()
    return [(unit, code) for unit, code in rows]


def remove_units_of_user(session: Session, user_id: int) -> None:
    session.execute(delete(UserUnitRecord).where(UserUnitRecord.user_id == user_id))


def find_web_session(session: Session, token_sha256: str) -> WebSessionRecord | None:
    return session.scalars(
        select(WebSessionRecord).where(WebSessionRecord.token_sha256 == token_sha256)
    ).first()


def end_web_sessions_of_user(session: Session, user_id: int) -> None:
    session.execute(delete(WebSessionRecord).where(WebSessionRecord.user_id == user_id))


def end_expired_web_sessions(session: Session, now: datetime) -> None:
    session.execute(delete(WebSessionRecord).where(WebSessionRecord.expires_at <= now))


def forget_login_failures(session: Session, key: str) -> None:
    session.execute(delete(LoginFailureRecord).where(LoginFailureRecord.key == key))


def locked_login_counters(
    session: Session, keys: Sequence[str], now: datetime
) -> dict[str, LoginFailureRecord]:
    """The failure counters of `keys`, made if missing and locked until the transaction ends,
    so that concurrent logins count one after another (SQLite's writer lock does the same)."""
    rows = [{"key": key, "failures": 0, "last_failed_at": now} for key in keys]
    insert = postgresql_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    session.execute(insert(LoginFailureRecord).values(rows).on_conflict_do_nothing())
    found = session.scalars(
        select(LoginFailureRecord)
        .where(LoginFailureRecord.key.in_(keys))
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    return {record.key: record for record in found}


def revoke_api_tokens_of_user(session: Session, user_id: int, now: datetime) -> list[int]:
    """Revoke the user's live API tokens; their ids."""
    live = session.scalars(
        select(ApiTokenRecord).where(
            ApiTokenRecord.user_id == user_id, ApiTokenRecord.revoked_at.is_(None)
        )
    ).all()
    for token in live:
        token.revoked_at = now
    return [token.id for token in live]


def find_api_token(session: Session, token_sha256: str) -> ApiTokenRecord | None:
    return session.scalars(
        select(ApiTokenRecord).where(ApiTokenRecord.token_sha256 == token_sha256)
    ).first()
