"""Logging in and out of the web interface, and finding the user behind a session cookie.

Wrong passwords slow the next attempts (`accounts.login_throttle`); unknown names are
counted and checked the same way, so neither the answer nor its timing tells whether a name
exists.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from accounts.login_throttle import login_keys, release_attempt, reserve_attempt
from accounts.passwords import hash_password, needs_rehash, password_matches
from accounts.users import WebUser, load_user
from config.web_settings import WebSettings
from store import audit
from store.database import Session, Store
from store.schema import UserRecord, WebSessionRecord
from store.users import end_expired_web_sessions, find_user_named, find_web_session

# A session's last use is written at most this often: a page view is then a read only.
_TOUCH_EVERY = timedelta(minutes=5)


@dataclass(frozen=True)
class LoggedIn:
    token: str  # for the cookie; the record keeps only its hash
    user: WebUser


@dataclass(frozen=True)
class LoginRefused:
    pass


@dataclass(frozen=True)
class LoginThrottled:
    retry_after: int  # seconds


@dataclass(frozen=True)
class PasswordProven:
    user_id: int
    name: str


LoginOutcome = LoggedIn | LoginRefused | LoginThrottled


def prove_password(
    store: Store, web: WebSettings, name: str, password: str, address: str
) -> PasswordProven | LoginRefused | LoginThrottled:
    """Check a password under the throttle (`accounts.login_throttle`); a failure is audited."""
    wanted = name.strip().lower()[:150]
    keys = login_keys(wanted, address)
    with store.writing() as session:
        wait = reserve_attempt(session, keys, web, datetime.now(UTC))
        user = find_user_named(session, wanted)
        stored_hash = user.password_hash if user is not None and user.active else None
    if wait > 0:
        return LoginThrottled(wait)
    # The hash check runs outside any transaction: it is slow on purpose.
    matches = password_matches(stored_hash, password)
    with store.writing() as session:
        if not matches or user is None:
            audit.record(session, "user.login_failed", f"user:{name[:100]}", address=address)
            return LoginRefused()
        release_attempt(session, keys)
        record = session.get_one(UserRecord, user.id)
        if needs_rehash(record.password_hash):
            record.password_hash = hash_password(password)
        return PasswordProven(user.id, user.name)


def log_in(store: Store, web: WebSettings, name: str, password: str, address: str) -> LoginOutcome:
    """A web login: a session whose token goes in the cookie."""
    proven = prove_password(store, web, name, password, address)
    if not isinstance(proven, PasswordProven):
        return proven
    now = datetime.now(UTC)
    token = secrets.token_urlsafe(32)
    with store.writing() as session:
        web_session = WebSessionRecord(
            token_sha256=token_hash(token),
            user_id=proven.user_id,
            csrf_token=secrets.token_urlsafe(32),
            address=address,
            created_at=now,
            last_seen_at=now,
            expires_at=now + timedelta(hours=web.session_hours),
        )
        session.add(web_session)
        end_expired_web_sessions(session, now)
        audit.record(
            session,
            "user.logged_in",
            f"user:{proven.name}",
            f"web:{proven.name}",
            address=address,
        )
        user = session.get_one(UserRecord, proven.user_id)
        return LoggedIn(token, load_user(session, user, web_session.csrf_token))


def log_out(store: Store, token: str) -> None:
    with store.writing() as session:
        web_session = _find(session, token)
        if web_session is None:
            return
        user = session.get_one(UserRecord, web_session.user_id)
        session.delete(web_session)
        audit.record(session, "user.logged_out", f"user:{user.name}", f"web:{user.name}")


def session_user(store: Store, web: WebSettings, token: str) -> WebUser | None:
    """The user a live session belongs to, or None; use extends the session."""
    now = datetime.now(UTC)
    with store.reading() as session:
        web_session = _find(session, token)
        if web_session is None or web_session.expires_at <= now:
            return None
        user = session.get_one(UserRecord, web_session.user_id)
        if not user.active:
            return None
        found = load_user(session, user, web_session.csrf_token)
        stale = now - web_session.last_seen_at > _TOUCH_EVERY
        session_id = web_session.id
    if stale:
        with store.writing() as session:
            touched = session.get(WebSessionRecord, session_id)
            if touched is not None:
                touched.last_seen_at = now
                touched.expires_at = now + timedelta(hours=web.session_hours)
    return found


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _find(session: Session, token: str) -> WebSessionRecord | None:
    return find_web_session(session, token_hash(token))
