"""Clerk: the fee catalogue, to tell a citizen what a procedure costs (read only; admins keep
it at /admin/fees)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from queries.fees import fee_rows
from service.web.admin_pages import list_page
from service.web.paging import Paged
from service.web.roles import Clerk

router = APIRouter()


@router.get("/clerk/fees")
def fees(request: Request, user: Clerk, page: Paged) -> Response:
    return list_page(request, user, "clerk/fees.html", page, fee_rows, extra={"editable": False})
