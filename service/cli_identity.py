"""Who a command acts for. Commands that act for a person (approving or rejecting a batch,
issuing, replacing or cancelling a receipt, tagging by hand) act as a Sohoa user proven by a
token: `SOHOA_TOKEN`, or the one `sohoa login` keeps in the person's own configuration folder
(mode 0600), one per record. The login name of the machine account proves nothing: anyone
can set `LOGNAME`. Operator commands (adding users, series, imports) record the machine
account as `os:<name>`: running them needs the service's own files.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from config import Settings, SohoaError
from config.errors import ExitCode
from service.cli_words import word
from store.states import Role

if TYPE_CHECKING:
    from accounts.users import WebUser
    from store.database import Store

TOKEN_VARIABLE = "SOHOA_TOKEN"


class NotLoggedInError(SohoaError):
    exit_code = ExitCode.not_permitted


def token_file(settings: Settings, environ: Mapping[str, str] = os.environ) -> Path:
    """Where `sohoa login` keeps this person's token for this record."""
    config_home = environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    record = hashlib.sha256(settings.store_url.encode()).hexdigest()[:16]
    return Path(config_home) / "sohoa" / "tokens" / record


def keep_token(settings: Settings, token: str, environ: Mapping[str, str] = os.environ) -> Path:
    path = token_file(settings, environ)
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    path.parent.chmod(0o700)
    path.unlink(missing_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as file:
        file.write(token + "\n")
    return path


def presented_token(settings: Settings) -> str | None:
    given = os.environ.get(TOKEN_VARIABLE, "").strip()
    if given:
        return given
    path = token_file(settings)
    if not path.exists():
        return None
    return path.read_text(encoding="utf-8").strip() or None


def acting_user(settings: Settings, store: Store, role: Role) -> WebUser:
    """The person the command acts for, holding `role`; refused otherwise."""
    from accounts.api_tokens import token_user

    token = presented_token(settings)
    if token is None:
        raise NotLoggedInError(
            "This command acts for a person: log in first with `sohoa login`, or set "
            f"{TOKEN_VARIABLE} to an API token.",
            code="login.required",
            params={"variable": TOKEN_VARIABLE},
        )
    user = token_user(store, token)
    if user is None:
        raise NotLoggedInError(
            "The token presented is not valid (revoked, or its user deactivated): log in "
            "again with `sohoa login`.",
            code="login.token_invalid",
        )
    if role not in user.roles:
        raise NotLoggedInError(
            f"{user.name} is not a {role.value}: this command is not theirs.",
            code="login.role_missing",
            params={"user": user.name, "role": role.value, "role_name": word(role.value)},
        )
    return user


def check_sees_unit(user: WebUser, unit: int | str | None, what: str) -> None:
    """Refuse what belongs to a unit (by id or code) the user does not see, as on the web."""
    if isinstance(unit, str):
        seen = bool(user.roles - {Role.CLERK}) or unit in user.unit_codes
    else:
        seen = user.sees_unit(unit)
    if not seen:
        raise NotLoggedInError(
            f"{what} belongs to a unit {user.name} does not work for.",
            code="login.unit_not_theirs",
            params={"what": what, "user": user.name, "unit": unit},
        )


def command_actor(user: WebUser) -> str:
    """How the audit trail names a person acting through the command line."""
    return f"cli:{user.name}"
