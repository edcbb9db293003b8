"""Admin: «Kiểm tra hệ thống», the findings of `sohoa doctor` in Vietnamese, each problem
with its fix. Like the profiles page, it never names where a key is or how it is unlocked."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import APIRouter, Request
from fastapi.responses import Response

from health_checks.flow import examine
from service.doctor_words import fix, label, message
from service.web.context import web_context
from service.web.pages import render
from service.web.roles import Admin

router = APIRouter()

_STATES = {"ok": ("Ổn", "ok"), "warning": ("Cảnh báo", "warn"), "problem": ("Sự cố", "bad")}


@dataclass(frozen=True)
class FindingView:
    state: str
    state_class: str
    check: str
    subject: str
    finding: str
    fix: str | None


@router.get("/admin/doctor")
def doctor(request: Request, user: Admin) -> Response:
    # A plain function: FastAPI runs it in a worker thread, as the checks wait on programs,
    # the database, the broker and the timestamp service.
    report = examine(web_context(request).back.settings)
    views = [
        FindingView(
            *_STATES[str(finding.status)],
            check=label(finding, "vi"),
            subject=finding.subject,
            finding=message(finding, "vi"),
            fix=fix(finding, "vi") if str(finding.status) != "ok" else None,
        )
        for finding in report.findings
    ]
    return render(
        request,
        "admin/doctor.html",
        user,
        findings=views,
        problems=len(report.problems),
        warnings=len(report.warnings),
    )
