"""Set an office up: settings, data directory, first admin, units and a signing profile.

1. Refuse to replace a settings file unless asked (`--force`), before anything is done.
2. Check every answer: the admin's name and password, the units' codes and names.
3. Make the key ready in the data directory's secrets folder (`key_sources`): its secret is
   checked first, so that a wrong passphrase or PIN leaves nothing behind.
4. Write `sohoa.toml` (the profile signs intake scans and results, the admin approves its
   batches) and load it with the settings loader, which validates it.
5. Open the record (the data directory's folders and modes), migrate the database.
6. Add the first admin (also an officer, to approve the first batches) and the units.
7. Open the profile's key as the service will, from the settings just written.
"""

from __future__ import annotations

import re
from dataclasses import replace

from accounts.unit_names import check_unit_code, cleaned_unit_name, name_unit
from accounts.users import UserSpec, add_user, check_new_password, checked_name
from config import load_settings
from office_setup.errors import SetupError
from office_setup.key_sources import ready_profile
from office_setup.request import SetupRequest, SetupResult, UnitSpec
from office_setup.settings_file import refuse_overwrite, settings_text, write_settings
from signing.configured import configured_profile
from signing.keys import forget_signers, load_signer
from store.database import Store
from store.migrate import upgrade
from store.record import open_record
from store.states import Role
from store.users import find_user_named

_PROFILE_NAME = re.compile(r"[a-z0-9][a-z0-9_-]{0,59}")
FIRST_ADMIN_ROLES = frozenset({Role.ADMIN, Role.OFFICER})


def set_up_office(request: SetupRequest, actor: str) -> SetupResult:
    refuse_overwrite(request.config_file, request.force)
    admin, units = _checked_answers(request)
    data_dir = request.data_dir.absolute()
    profile = ready_profile(request.key, data_dir, request.profile, request.office)
    entries = dict(profile.entries)
    if request.timestamp_url:
        entries["timestamp_url"] = request.timestamp_url
    text = settings_text(data_dir, request.profile, entries, admin, "sohoa init")
    backup = write_settings(request.config_file, text)
    settings = load_settings()
    record = open_record(settings)
    try:
        upgrade(record.store)
        admin_added = _add_admin(record.store, admin, request.admin_password, actor)
        for unit in units:
            name_unit(record, unit.code, unit.name, actor)
    finally:
        record.close()
    forget_signers()
    load_signer(configured_profile(settings, request.profile))
    return SetupResult(
        config_file=request.config_file,
        backup=backup,
        data_dir=data_dir,
        profile=request.profile,
        signer_name=profile.signer_name,
        trust_roots=profile.trust_roots,
        admin_added=admin_added,
    )


def _checked_answers(request: SetupRequest) -> tuple[str, tuple[UnitSpec, ...]]:
    """The admin's name as stored, and the units with their names tidied."""
    admin = checked_name(request.admin)
    check_new_password(request.admin_password)
    if not _PROFILE_NAME.fullmatch(request.profile):
        raise SetupError(
            f"'{request.profile}' cannot be a signing profile's name: use letters a-z, "
            "digits, '_' or '-'.",
            code="setup.profile_name_invalid",
            params={"profile": request.profile},
        )
    if not request.units:
        raise SetupError(
            "Name at least one unit (--unit CODE=NAME): the inbox folder work comes through.",
            code="setup.units_missing",
        )
    units = tuple(
        replace(unit, code=check_unit_code(unit.code), name=cleaned_unit_name(unit.name))
        for unit in request.units
    )
    return admin, units


def _add_admin(store: Store, admin: str, password: str, actor: str) -> bool:
    """The first admin; one of that name already there (set up again) is kept as it is."""
    with store.reading() as session:
        if find_user_named(session, admin) is not None:
            return False
    spec = UserSpec(name=admin, roles=FIRST_ADMIN_ROLES, password=password)
    add_user(store, spec, actor)
    return True
