"""Who collects: the name a receipt prints as its collector (họ tên người thu tiền).

A receipt names the person who collected the money (Decree 123/2020 Art. 32 lists the
collector among a receipt's contents; the article's text was not at hand, see the README).
In Sohoa that is the user who issues it: their full name as the accounts keep it, or their
login name while they have none.
"""

from __future__ import annotations

from store.database import Session
from store.users import find_user_named

_PERSON_PREFIXES = ("web", "cli", "api")


def collector_name(session: Session, actor: str) -> str:
    """The full name of the user `actor` names ('web:lan', 'cli:lan'), else the login name;
    an actor that is no user (a test's counter, 'os:sohoa') by the name after its prefix."""
    prefix, separator, name = actor.partition(":")
    login = name if separator else actor
    if prefix in _PERSON_PREFIXES or not separator:
        user = find_user_named(session, login)
        if user is not None and user.full_name.strip():
            return " ".join(user.full_name.split())
    return login.strip() or actor
