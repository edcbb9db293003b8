"""Logging in and out of the web interface, and finding the user behind a session cookie.

A run of wrong passwords for one name slows that name's next attempts: after
`failures_before_delay` failures in a row, each try must wait `login_delay_seconds`, doubled
by each further failure (capped). Unknown names are counted the same way, so the answer never
tells whether a name exists.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from accounts.passwords import hash_password, needs_rehash, password_matches
from accounts.users import WebUser, load_user
from config.web_settings import WebSettings
from store import audit
from store.database import Session, Store
from store.schema import LoginFailureRecord, UserRecord, WebSessionRecord
from store.users import (
    end_expired_web_sessions,
    find_user_named,
    find_web_session,
    forget_login_failures,
)

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


LoginOutcome = LoggedIn | LoginRefused | LoginThrottled


def log_in(store: Store, web: WebSettings, name: str, password: str, address: str) -> LoginOutcome:
    key = f"name:{name.strip().lower()[:150]}"
    now = datetime.now(UTC)
    with store.reading() as session:
        wait = _wait_left(session.get(LoginFailureRecord, key), web, now)
        user = find_user_named(session, name.strip().lower())
    if wait > 0:
        return LoginThrottled(wait)
    # The hash check runs outside any transaction: it is slow on purpose.
    matches = password_matches(user.password_hash if user else None, password)
    with store.writing() as session:
        if not matches or user is None or not user.active:
            _count_failure(session, key, now)
            audit.record(session, "user.login_failed", f"user:{name[:100]}", address=address)
            return LoginRefused()
        forget_login_failures(session, key)
        record = session.get_one(UserRecord, user.id)
        if needs_rehash(record.password_hash):
            record.password_hash = hash_password(password)
        token = secrets.token_urlsafe(32)
        web_session = WebSessionRecord(
            token_sha256=token_hash(token),
            user_id=user.id,
            csrf_token=secrets.token_urlsafe(32),
            address=address,
            created_at=now,
            last_seen_at=now,
            expires_at=now + timedelta(hours=web.session_hours),
        )
        session.add(web_session)
        end_expired_web_sessions(session, now)
        audit.record(
            session, "user.logged_in", f"user:{user.name}", f"web:{user.name}", address=address
        )
        return LoggedIn(token, load_user(session, record, web_session.csrf_token))


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


def _wait_left(failure: LoginFailureRecord | None, web: WebSettings, now: datetime) -> int:
    if failure is None or failure.failures < web.failures_before_delay:
        return 0
    doublings = failure.failures - web.failures_before_delay
    delay = min(web.login_delay_seconds * 2**doublings, web.max_login_delay_seconds)
    left = (failure.last_failed_at + timedelta(seconds=delay) - now).total_seconds()
    return max(0, int(left + 0.999))


def _count_failure(session: Session, key: str, now: datetime) -> None:
    failure = session.get(LoginFailureRecord, key)
    if failure is None:
        session.add(LoginFailureRecord(key=key, failures=1, last_failed_at=now))
    else:
        failure.failures += 1
        failure.last_failed_at = now
