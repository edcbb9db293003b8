"""Users of the web interface: who they are, their roles and, for clerks, their units."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from accounts.passwords import MIN_LENGTH, PasswordProblem, hash_password, password_problem
from config import SohoaError
from config.errors import ExitCode
from store import audit
from store.database import Session, Store
from store.schema import UserRecord, UserUnitRecord
from store.states import Role
from store.units import unit_id
from store.users import (
    end_web_sessions_of_user,
    find_user_named,
    remove_units_of_user,
    revoke_api_tokens_of_user,
    units_of_user,
)

_NAME_CHARACTERS = set("abcdefghijklmnopqrstuvwxyz0123456789._-")


class UserError(SohoaError):
    exit_code = ExitCode.bad_args


@dataclass(frozen=True)
class WebUser:
    """The person behind a request, as the routes see them."""

    id: int
    name: str
    full_name: str
    roles: frozenset[Role]
    unit_ids: frozenset[int]
    unit_codes: tuple[str, ...]
    csrf_token: str = ""  # of the login session; empty for an API token

    def has(self, role: Role) -> bool:
        return role in self.roles

    def sees_unit(self, unit: int | None) -> bool:
        """Clerks see their units only; officers, auditors and admins see every unit."""
        if self.roles - {Role.CLERK}:
            return True
        return unit is not None and unit in self.unit_ids

    @property
    def visible_unit_ids(self) -> frozenset[int] | None:
        """The units whose records this user may see; None for every unit (see `sees_unit`)."""
        return None if self.roles - {Role.CLERK} else self.unit_ids

    @property
    def actor(self) -> str:
        """How the audit trail names this user."""
        return f"web:{self.name}"


@dataclass(frozen=True)
class UserSpec:
    name: str
    roles: frozenset[Role]
    password: str
    units: tuple[str, ...] = ()
    full_name: str = ""


def add_user(store: Store, spec: UserSpec, actor: str) -> int:
    name = checked_name(spec.name)
    _check_roles(spec.roles, spec.units)
    check_new_password(spec.password)
    now = datetime.now(UTC)
    with store.writing() as session:
        if find_user_named(session, name) is not None:
            raise UserError(
                f"There is a user named '{name}' already.",
                code="user.exists",
                params={"name": name},
            )
        user = UserRecord(
            name=name,
            full_name=spec.full_name.strip(),
            roles=",".join(sorted(spec.roles)),
            password_hash=hash_password(spec.password),
            active=True,
            created_at=now,
            password_changed_at=now,
        )
        session.add(user)
        session.flush()
        _set_units(session, user.id, spec.units)
        audit.record(
            session,
            "user.created",
            f"user:{name}",
            actor,
            roles=sorted(spec.roles),
            units=sorted(spec.units),
        )
        return user.id


def change_password(store: Store, name: str, password: str, actor: str) -> None:
    """Set a new password (an admin's reset): every open login of the user ends and their API
    tokens are revoked, since whoever knew the old password may have made or seen them."""
    check_new_password(password)
    now = datetime.now(UTC)
    with store.writing() as session:
        user = find_user(session, name)
        user.password_hash = hash_password(password)
        user.password_changed_at = now
        end_web_sessions_of_user(session, user.id)
        revoked = revoke_api_tokens_of_user(session, user.id, now)
        audit.record(
            session, "user.password_changed", f"user:{user.name}", actor, tokens_revoked=revoked
        )


def change_access(
    store: Store,
    name: str,
    roles: frozenset[Role],
    units: tuple[str, ...],
    active: bool,
    actor: str,
) -> None:
    """An admin's change of a user's roles, units or standing; a deactivated user is logged out."""
    _check_roles(roles, units)
    with store.writing() as session:
        user = find_user(session, name)
        user.roles = ",".join(sorted(roles))
        user.active = active
        _set_units(session, user.id, units)
        if not active:
            end_web_sessions_of_user(session, user.id)
        audit.record(
            session,
            "user.access_changed",
            f"user:{user.name}",
            actor,
            roles=sorted(roles),
            units=sorted(units),
            active=active,
        )


def find_user(session: Session, name: str) -> UserRecord:
    user = find_user_named(session, name.lower())
    if user is None:
        raise UserError(
            f"There is no user named '{name}'.", code="user.not_found", params={"name": name}
        )
    return user


def load_user(session: Session, user: UserRecord, csrf_token: str = "") -> WebUser:
    units = units_of_user(session, user.id)
    return WebUser(
        id=user.id,
        name=user.name,
        full_name=user.full_name,
        roles=parse_roles(user.roles.split(",")),
        unit_ids=frozenset(unit for unit, _ in units),
        unit_codes=tuple(code for _, code in units),
        csrf_token=csrf_token,
    )


def parse_roles(values: Iterable[str]) -> frozenset[Role]:
    roles = set()
    for value in values:
        try:
            roles.add(Role(value.strip().lower()))
        except ValueError:
            known = ", ".join(role.value for role in Role)
            raise UserError(
                f"'{value}' is not a role; the roles are {known}.",
                code="user.role_unknown",
                params={"role": value, "roles": known},
            ) from None
    return frozenset(roles)


def checked_name(name: str) -> str:
    cleaned = name.strip().lower()
    if not cleaned or len(cleaned) > 100 or not set(cleaned) <= _NAME_CHARACTERS:
        raise UserError(
            f"'{name}' cannot be a user name: use letters a-z, digits, '.', '_' or '-'.",
            code="user.name_invalid",
            params={"name": name},
        )
    return cleaned


def _set_units(session: Session, user_id: int, units: tuple[str, ...]) -> None:
    remove_units_of_user(session, user_id)
    for code in sorted(set(units)):
        session.add(UserUnitRecord(user_id=user_id, unit_id=unit_id(session, code)))


def _check_roles(roles: frozenset[Role], units: tuple[str, ...]) -> None:
    if not roles:
        raise UserError("A user needs at least one role.", code="user.roles_missing")
    if Role.CLERK in roles and not units:
        raise UserError(
            "A clerk needs at least one unit (--unit CODE): the units whose work they see.",
            code="user.clerk_without_unit",
        )


def check_new_password(password: str) -> None:
    """Refuse a new password the policy does not allow (`accounts.passwords`)."""
    problem = password_problem(password)
    if problem is PasswordProblem.SHORT:
        raise UserError(
            f"Password refused: {problem.value}.",
            code="user.password_short",
            params={"min_length": MIN_LENGTH},
        )
    if problem is PasswordProblem.SPACES:
        raise UserError(f"Password refused: {problem.value}.", code="user.password_spaces")
    if problem is PasswordProblem.COMMON:
        raise UserError(f"Password refused: {problem.value}.", code="user.password_common")
