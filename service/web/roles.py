"""The signed-in user each role's pages serve, as a route parameter: `user: Clerk`.

Each alias checks the role (and the CSRF token of a form post) through `auth.require`.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from accounts.users import WebUser
from service.web.auth import require
from store.states import Role

Admin = Annotated[WebUser, Depends(require(Role.ADMIN))]
Auditor = Annotated[WebUser, Depends(require(Role.AUDITOR))]
Clerk = Annotated[WebUser, Depends(require(Role.CLERK))]
Officer = Annotated[WebUser, Depends(require(Role.OFFICER))]
