"""How wrong passwords slow the next logins, counted so that concurrency cannot beat it.

Three counters of failures in a row, each with its own allowance:
- one name from one address (`failures_before_delay`): a guesser slows only themself, with
  waits from `login_delay_seconds` doubling up to `max_login_delay_seconds`;
- one address, whatever the names (`address_failures_before_delay`): a few guesses on each of
  many names (spraying) slow that address the same way;
- one name, from any address (`name_failures_before_delay`): guesses spread over many
  addresses slow the name too, but only from one second doubling up to
  `max_name_delay_seconds`, so that no one can lock the owner out for long.

An attempt is reserved, counted as a failure, before the slow password check, in a
transaction that holds the counters locked: forty logins sent at once make exactly as many
checks as the allowance lets through, and the rest are told to wait. A success takes back the
reservation. Unknown names are counted like known ones, so the answer never tells which
names exist. A counter untouched for a day starts again from nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from config.web_settings import WebSettings
from store.database import Session
from store.schema import LoginFailureRecord
from store.users import forget_login_failures, locked_login_counters

_FORGOTTEN_AFTER = timedelta(days=1)
_FIRST_NAME_DELAY = 1.0


@dataclass(frozen=True)
class LoginKeys:
    pair: str
    name: str
    address: str

    @property
    def all(self) -> tuple[str, str, str]:
        return (self.pair, self.name, self.address)


def login_keys(name: str, address: str) -> LoginKeys:
    name, address = name[:140], address[:50]
    return LoginKeys(f"pair:{address}|{name}", f"name:{name}", f"address:{address}")


def reserve_attempt(session: Session, keys: LoginKeys, web: WebSettings, now: datetime) -> int:
    """Seconds to wait before trying again, or 0 once the attempt is counted."""
    counters = locked_login_counters(session, keys.all, now)
    for counter in counters.values():
        if now - counter.last_failed_at > _FORGOTTEN_AFTER:
            counter.failures = 0
    wait = max(
        _wait(counters[keys.pair], web.failures_before_delay, web.login_delay_seconds,
              web.max_login_delay_seconds, now),
        _wait(counters[keys.address], web.address_failures_before_delay,
              web.login_delay_seconds, web.max_login_delay_seconds, now),
        _wait(counters[keys.name], web.name_failures_before_delay, _FIRST_NAME_DELAY,
              web.max_name_delay_seconds, now),
    )  # fmt: skip
    if wait == 0:
        for counter in counters.values():
            counter.failures += 1
            counter.last_failed_at = now
    return wait


def release_attempt(session: Session, keys: LoginKeys) -> None:
    """The password was right: the name's runs end, and the address gets its attempt back."""
    forget_login_failures(session, keys.pair)
    forget_login_failures(session, keys.name)
    address = session.get(LoginFailureRecord, keys.address)
    if address is not None and address.failures > 0:
        address.failures -= 1


def _wait(
    counter: LoginFailureRecord, allowed: int, first: float, longest: float, now: datetime
) -> int:
    if counter.failures < allowed:
        return 0
    delay = min(first * 2 ** (counter.failures - allowed), longest)
    left = (counter.last_failed_at + timedelta(seconds=delay) - now).total_seconds()
    return max(0, int(left + 0.999))
