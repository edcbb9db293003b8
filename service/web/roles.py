"""The signed-in user each role's pages serve, as a route parameter: `user: Clerk`.

Each alias checks the role (and the CSRF token of a form post) through `auth.require`.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from accounts.users import WebUser
from service.web.auth import require
from service.web.pages import SEARCHING_ROLES
from store.states import Role

Admin = Annotated[WebUser, Depends(require(Role.ADMIN))]
Auditor = Annotated[WebUser, Depends(require(Role.AUDITOR))]
Clerk = Annotated[WebUser, Depends(require(Role.CLERK))]
Officer = Annotated[WebUser, Depends(require(Role.OFFICER))]
# Anyone signed in: the document list and pages, each limited to the units the user sees.
Worker = Annotated[WebUser, Depends(require(Role.CLERK, Role.OFFICER, Role.AUDITOR, Role.ADMIN))]
# Those who may search the OCR text: clerks within their units, auditors everywhere.
Searcher = Annotated[WebUser, Depends(require(*SEARCHING_ROLES))]
