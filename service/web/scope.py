"""Which units' documents a user may see in the workspace: a clerk only their units'; an
officer, auditor or admin every unit (`WebUser.sees_unit` says the same for one unit).

Every list, search, count, bulk action and download of the workspace passes this scope to
its query, so a clerk never meets another unit's document, not even as a number in a count.
"""

from __future__ import annotations

from accounts.users import WebUser
from store.states import Role

EveryUnit = None


def unit_scope(user: WebUser) -> frozenset[int] | None:
    """The unit ids the user may see, or None for every unit."""
    if user.roles - {Role.CLERK}:
        return EveryUnit
    return user.unit_ids


def may_search(user: WebUser) -> bool:
    return bool(user.roles & {Role.CLERK, Role.AUDITOR})
