"""The audit trail: filtered, newest first; its chain verified on demand; exported."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse, Response

from audit_trail.checks import verify_and_record_chain
from audit_trail.flow import export_audit
from queries.audit_trail import CHAIN_VERIFIED, CheckEntry, TrailFilter, find_check, trail_page
from service.audit_problem_words import chain_problem_words
from service.web.audit_words import action_choices, describe
from service.web.auditor_downloads import JSONL, attachment
from service.web.auditor_period import From, QueryError, To, period_or_400, read_day, today
from service.web.context import web_context
from service.web.ids import MAX_ID
from service.web.pages import render
from service.web.roles import Auditor

router = APIRouter()
Text = Annotated[str, Query(max_length=300)]
Day = Annotated[str, Query(max_length=20)]
Id = Annotated[int | None, Query(ge=1, le=MAX_ID)]


@router.get("/auditor/audit")
def trail(
    request: Request,
    user: Auditor,
    action: Text = "",
    subject: Text = "",
    actor: Text = "",
    start: From = "",
    end: To = "",
    before: Id = None,
    after: Id = None,
    checked: Id = None,
) -> Response:
    context = web_context(request)
    typed = {"action": action, "subject": subject, "actor": actor, "from": start, "to": end}
    shown: dict[str, Any] = {"typed": typed, "filters": {k: v for k, v in typed.items() if v}}
    check = find_check(context.back.store, checked, CHAIN_VERIFIED) if checked else None
    shown |= {"check": _chain_check(check) if check else None, "today": today()}
    shown |= {"actions": action_choices()}
    try:
        wanted = TrailFilter(
            action.strip(),
            subject.strip(),
            actor.strip(),
            _day(start, "Từ ngày"),
            _day(end, "Đến ngày"),
        )
    except QueryError as problem:
        return render(request, "auditor/audit.html", user, 400, error=str(problem), **shown)
    page = trail_page(context.back.store, wanted, context.web.page_size, before, after)
    words = [describe(entry.action, entry.values) for entry in page.entries]
    return render(request, "auditor/audit.html", user, page=page, words=words, **shown)


@router.post("/auditor/audit/verify")
def verify(request: Request, user: Auditor) -> Response:
    entry = verify_and_record_chain(web_context(request).back.store, user.actor)
    return RedirectResponse(f"/auditor/audit?checked={entry}", 303)


@router.get("/auditor/audit/export")
def export(request: Request, user: Auditor, start: Day = "", end: Day = "") -> Response:
    period = period_or_400(start, end, (today(), today()))
    lines = io.StringIO()
    export_audit(web_context(request).back.store, *period, lines, user.actor)
    name = f"nhat-ky-{period[0]}-{period[1]}.jsonl"
    return attachment(lines.getvalue().encode("utf-8"), name, JSONL)


def _day(text: str, what: str) -> date | None:
    return read_day(text, what) if text.strip() else None


@dataclass(frozen=True)
class ChainCheck:
    entry_id: int
    at: datetime
    actor: str
    entries: int
    intact: bool
    first_bad_id: int | None
    problem: str | None
    """In Vietnamese."""


def _chain_check(entry: CheckEntry) -> ChainCheck:
    details = entry.details
    first_bad = details.get("first_bad_id")
    return ChainCheck(
        entry_id=entry.id,
        at=datetime.fromisoformat(entry.at.replace("Z", "+00:00")),
        actor=entry.actor_name or entry.actor,
        entries=int(details.get("entries", 0)),
        intact=bool(details.get("intact")),
        first_bad_id=first_bad if isinstance(first_bad, int) else None,
        problem=_problem(details.get("problem")),
    )


def _problem(problem: object) -> str | None:
    return chain_problem_words(problem) if isinstance(problem, str) else None
