"""People by their full names where the audit trail and histories name them by actor."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select

from store.database import Store
from store.schema import UserRecord

_WEB = "web:"


def full_names(store: Store, actors: Iterable[str]) -> dict[str, str]:
    """Each actor (`web:hung`, `cli:hung`, `system`) with the name to show for it.

    A user's full name where the actor is a user who has one; a user without one goes by
    their login name (never the trail's `web:` form); any other actor as written.
    """
    wanted = set(actors)
    names = {_user_name(actor): actor for actor in wanted if _user_name(actor)}
    shown = {actor: _user_name(actor) or actor for actor in wanted}
    if not names:
        return shown
    with store.reading() as session:
        rows = session.execute(
            select(UserRecord.name, UserRecord.full_name).where(UserRecord.name.in_(sorted(names)))
        ).all()
    for name, full_name in rows:
        for actor in wanted:
            if _user_name(actor) == name and full_name:
                shown[actor] = full_name
    return shown


def _user_name(actor: str) -> str:
    prefix, separator, name = actor.partition(":")
    return name if separator and prefix in ("web", "cli", "api") else ""
