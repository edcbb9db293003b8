"""Password hashes (argon2id with the library's current parameters; old hashes are renewed)
and the policy for new passwords: at least 12 characters, and not one of the 30,000 most
common passwords of the list zxcvbn ships (nor one of them with digits or signs added, nor
a short run repeated)."""

from __future__ import annotations

import re
from enum import Enum
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher()
# Checked against when the name is unknown, so that a wrong name costs as long as a wrong
# password and timing does not tell which names exist.
_UNKNOWN = _hasher.hash("no such user")
MIN_LENGTH = 12
_ADDED = "0123456789!@#$%^&*()-_=+.,;:?/ "
_REPEATED = re.compile(r"(.{1,4}?)\1+", re.DOTALL)


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def password_matches(stored_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(stored_hash or _UNKNOWN, password) and stored_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    return _hasher.check_needs_rehash(stored_hash)


class PasswordProblem(Enum):
    """Why a new password is refused: its value names the error code's last part."""

    SHORT = f"a password needs at least {MIN_LENGTH} characters"
    SPACES = "a password must not begin or end with a space"
    COMMON = "this password is one of the most common ones; choose another"


def password_problem(password: str) -> PasswordProblem | None:
    """Why a new password is refused, or None."""
    if len(password) < MIN_LENGTH:
        return PasswordProblem.SHORT
    if password.strip() != password:
        return PasswordProblem.SPACES
    if is_common(password):
        return PasswordProblem.COMMON
    return None


def is_common(password: str) -> bool:
    folded = password.lower()
    root = folded.rstrip(_ADDED).lstrip(_ADDED)
    repeated = _REPEATED.fullmatch(folded)
    return (
        folded in _common_passwords()
        or (len(root) >= 4 and root in _common_passwords())
        or (repeated is not None and len(set(folded)) <= 4)
    )


@cache
def _common_passwords() -> frozenset[str]:
    from zxcvbn.frequency_lists import FREQUENCY_LISTS  # 0.8 MB: loaded when first needed

    return frozenset(FREQUENCY_LISTS["passwords"])
