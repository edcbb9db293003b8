"""Routes of the web interface (workspace): the pages every role that works with documents
shares, each limited to the units the user may see (`service/web/scope.py`): the document
list, search, the document page and its viewer, uploads, bulk actions, clerks' batches."""

from __future__ import annotations

from types import ModuleType

from fastapi import APIRouter

MODULES: tuple[ModuleType, ...] = ()

router = APIRouter(include_in_schema=False)
for module in MODULES:
    router.include_router(module.router)
