"""Routes of the web interface (clerk): today's intake, tagging by hand, the quarantine,
receipts, the fee catalogue. Every page serves clerks only, and only the work of their units."""

from __future__ import annotations

from fastapi import APIRouter

from service.web import (
    clerk_fees,
    clerk_intake,
    clerk_quarantine,
    clerk_receipt_form,
    clerk_receipts,
    clerk_tagging,
)

router = APIRouter(include_in_schema=False)
# The form's routes first: /clerk/receipts/new is not a receipt's number.
for module in (
    clerk_intake,
    clerk_tagging,
    clerk_quarantine,
    clerk_receipt_form,
    clerk_receipts,
    clerk_fees,
):
    router.include_router(module.router)
