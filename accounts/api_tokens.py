"""API tokens for the one-stop system: each acts as a user; the record keeps only a hash."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta

from accounts.logins import (
    LoginRefused,
    LoginThrottled,
    PasswordProven,
    prove_password,
    token_hash,
)
from accounts.users import UserError, WebUser, find_user, load_user
from config.web_settings import WebSettings
from store import audit
from store.database import Store
from store.schema import ApiTokenRecord, UserRecord
from store.users import find_api_token

TOKEN_PREFIX = "sohoa_"
_TOUCH_EVERY = timedelta(minutes=5)


def create_api_token(store: Store, user_name: str, label: str, actor: str) -> str:
    """A new token for `user_name`; shown once, never stored in clear."""
    if not label.strip():
        raise UserError(
            "An API token needs a label saying what uses it.", code="api_token.label_missing"
        )
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with store.writing() as session:
        user = find_user(session, user_name)
        record = ApiTokenRecord(
            token_sha256=token_hash(token),
            user_id=user.id,
            label=label.strip(),
            created_at=datetime.now(UTC),
        )
        session.add(record)
        session.flush()
        audit.record(
            session, "api_token.created", f"user:{user.name}", actor, token=record.id, label=label
        )
    return token


def revoke_api_token(store: Store, token_id: int, actor: str) -> None:
    with store.writing() as session:
        record = session.get(ApiTokenRecord, token_id)
        if record is None:
            raise UserError(
                f"There is no API token {token_id}.",
                code="api_token.not_found",
                params={"token": token_id},
            )
        if record.revoked_at is None:
            record.revoked_at = datetime.now(UTC)
            audit.record(session, "api_token.revoked", f"api_token:{token_id}", actor)


def log_in_command_line(
    store: Store, web: WebSettings, name: str, password: str, host: str
) -> str | LoginRefused | LoginThrottled:
    """A token for the person at a terminal, made once their password is proven (throttled
    like a web login); commands that act for them present it."""
    proven = prove_password(store, web, name, password, f"cli:{host}"[:50])
    if not isinstance(proven, PasswordProven):
        return proven
    return create_api_token(store, proven.name, f"dòng lệnh trên {host}", f"cli:{proven.name}")


def revoke_presented_token(store: Store, token: str, actor: str) -> bool:
    """Revoke the token presented (logging out of the command line); False if unknown."""
    with store.writing() as session:
        record = find_api_token(session, token_hash(token))
        if record is None:
            return False
        if record.revoked_at is None:
            record.revoked_at = datetime.now(UTC)
            audit.record(session, "api_token.revoked", f"api_token:{record.id}", actor)
        return True


def token_user(store: Store, token: str) -> WebUser | None:
    if not token.startswith(TOKEN_PREFIX):
        return None
    now = datetime.now(UTC)
    with store.reading() as session:
        record = find_api_token(session, token_hash(token))
        if record is None or record.revoked_at is not None:
            return None
        user = session.get_one(UserRecord, record.user_id)
        if not user.active:
            return None
        found = load_user(session, user)
        stale = record.last_used_at is None or now - record.last_used_at > _TOUCH_EVERY
        record_id = record.id
    if stale:
        with store.writing() as session:
            session.get_one(ApiTokenRecord, record_id).last_used_at = now
    return found
