"""Routes of the web interface (admin): users and their API tokens, units, receipt series, the
fee catalogue, signing profile names, the system check. Every route requires the admin role."""

from __future__ import annotations

from fastapi import APIRouter

from service.web import (
    admin_doctor,
    admin_fees,
    admin_profiles,
    admin_series,
    admin_tokens,
    admin_units,
    admin_users,
)

router = APIRouter(include_in_schema=False)
_MODULES = (
    admin_users,
    admin_tokens,
    admin_units,
    admin_series,
    admin_fees,
    admin_profiles,
    admin_doctor,
)
for _module in _MODULES:
    router.include_router(_module.router)
