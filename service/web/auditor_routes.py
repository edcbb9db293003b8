"""Routes of the web interface (auditor): rates, dossiers and signatures, receipt usage and
the audit trail. Each page reads; the only writes are the records of the auditor's own
exports and checks (`audit_trail.web_exports`, `audit_trail.checks`)."""

from __future__ import annotations

from fastapi import APIRouter

from service.web import auditor_dossiers, auditor_rates, auditor_receipts, auditor_trail

router = APIRouter(include_in_schema=False)
for _module in (auditor_rates, auditor_dossiers, auditor_receipts, auditor_trail):
    router.include_router(_module.router)
