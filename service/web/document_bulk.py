"""A clerk's bulk actions on the documents ticked in the list: tag them to a dossier, make a
signing batch of them, or make one and submit it at once.

Every ticked document must be of the clerk's units, else nothing is done (404). Within that,
each document gets its own outcome: one that cannot take part says why, the others go ahead.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import HTMLResponse

from accounts.users import WebUser
from config import SohoaError
from dossiers import InvalidDossierCodeError, parse_dossier_code
from intake.manual_tag import TagRefusedError, tag_by_hand
from runtime.context import JobContext
from service.messages import say
from service.web.clerk_access import back_of
from service.web.pages import render
from service.web.roles import Clerk
from service.web.selection import Selected, selected_ids, visible_selection
from signing_batches import flow
from store.states import BatchState, DocumentStatus

router = APIRouter(include_in_schema=False)

ACTIONS = ("tag", "batch", "batch_submit")
_HELD = (BatchState.SUBMITTED, BatchState.APPROVED, BatchState.SIGNING)
_IN_HELD_BATCH = "Đang nằm trong một lô đã trình ký hoặc đang ký"


@dataclass(frozen=True)
class Outcome:
    document: Selected
    done: bool
    text: str


@router.post("/clerk/documents/bulk", response_class=HTMLResponse)
def bulk(
    request: Request,
    user: Clerk,
    action: Annotated[str, Form(max_length=20)] = "",
    document_id: Annotated[list[str], Form()] = [],  # noqa: B006
    code: Annotated[str, Form(max_length=200)] = "",
    reason: Annotated[str, Form(max_length=500)] = "",
    profile: Annotated[str, Form(max_length=100)] = "",
    back: Annotated[str, Form(max_length=4000)] = "",
) -> HTMLResponse:
    if action not in ACTIONS:
        raise HTTPException(400, "Hãy chọn một thao tác: gắn mã, lập lô hoặc lập lô và trình ký.")
    context = back_of(request)
    chosen = visible_selection(context.store, selected_ids(document_id), user.unit_ids)
    if action == "tag":
        title, outcomes = _tag_all(context, user, chosen, code, reason)
    else:
        title, outcomes = _batch(context, user, chosen, profile, submit=action == "batch_submit")
    return render(
        request,
        "documents/bulk_result.html",
        user,
        title=title,
        outcomes=outcomes,
        done=sum(outcome.done for outcome in outcomes),
        back=list_address(back),
    )


def list_address(back: str) -> str:
    """Where «back to the list» goes: the list view the form came from, never elsewhere."""
    if back.startswith("/documents?") and "//" not in back and "\\" not in back:
        return back
    return "/documents"


_REASON_NEEDED = "Đã có mã hồ sơ khác: hãy ghi lý do chuyển sang hồ sơ này."


def _tag_all(
    context: JobContext, user: WebUser, chosen: list[Selected], code: str, reason: str
) -> tuple[str, list[Outcome]]:
    parsed = dossier_code_of(code)
    outcomes = [tag_selected(context, user.actor, document, parsed, reason) for document in chosen]
    return f"Gắn mã hồ sơ {parsed}", outcomes


def dossier_code_of(code: str) -> str:
    """The dossier code typed, in its standard form; 400 when it is none."""
    try:
        return str(parse_dossier_code(code).dossier)
    except InvalidDossierCodeError:
        raise HTTPException(
            400,
            f"«{code.strip()[:100]}» không phải mã hồ sơ hợp lệ."
            if code.strip()
            else "Hãy nhập mã hồ sơ để gắn cho các tài liệu đã chọn.",
        ) from None


def tag_selected(
    context: JobContext, actor: str, document: Selected, code: str, reason: str
) -> Outcome:
    """Tag one document the user sees to dossier `code` (standard form), or say why not."""
    if document.signed_at is not None:
        return Outcome(document, False, "Đã ký số: không gắn lại mã được.")
    if document.status != DocumentStatus.DIGITIZED or document.output_path is None:
        return Outcome(document, False, "Chưa số hóa xong nên chưa gắn mã được.")
    if document.batch_state in _HELD:  # the officer reviews the output as submitted
        return Outcome(document, False, _IN_HELD_BATCH + ": không gắn lại mã được.")
    if document.dossier_code not in (None, code) and not reason.strip():
        return Outcome(document, False, _REASON_NEEDED)
    try:
        _tag_one(context, document.id, code, actor, reason.strip())
    except (TagRefusedError, SohoaError) as error:
        return Outcome(document, False, say(error))
    return Outcome(document, True, f"Đã gắn vào hồ sơ {code}.")


def _tag_one(context: JobContext, document_id: int, code: str, actor: str, reason: str) -> None:
    # A first tag needs no reason; moving a tagged document to another dossier does.
    tag_by_hand(context.store, context.layout, document_id, code, actor, reason=reason or None)


def _batch(
    context: JobContext, user: WebUser, chosen: list[Selected], profile: str, *, submit: bool
) -> tuple[str, list[Outcome]]:
    made = batch_selected(context, user.actor, chosen, profile, submit=submit)
    title = f"Lô ký số {made.batch_id}" + (" đã trình ký" if submit else " đã lập")
    return title, made.outcomes


@dataclass(frozen=True)
class Batched:
    batch_id: int
    outcomes: list[Outcome]


def batch_selected(
    context: JobContext, actor: str, chosen: list[Selected], profile: str, *, submit: bool
) -> Batched:
    """A batch of the chosen documents that can be signed (submitted at once if `submit`),
    each document with its outcome; 400 for an unknown profile, 409 when none can go in or
    the batch is refused."""
    if profile not in context.settings.signing.profiles:
        raise HTTPException(400, f"Không có hồ sơ ký số «{profile[:100]}» trong cấu hình.")
    outcomes = {document.id: _why_not_batched(document) for document in chosen}
    ready = [document.id for document in chosen if outcomes[document.id] is None]
    if not ready:
        raise HTTPException(409, "Không tài liệu nào được chọn có thể đưa vào lô ký.")
    try:
        batch_id = flow.make_batch(context, profile, ready, actor)
        if submit:
            flow.submit(context, batch_id, actor)
    except SohoaError as error:
        raise HTTPException(409, say(error)) from None
    done = f"Đã vào lô số {batch_id}" + (" (đã trình ký)." if submit else ".")
    return Batched(
        batch_id,
        [
            Outcome(document, outcomes[document.id] is None, outcomes[document.id] or done)
            for document in chosen
        ],
    )


def _why_not_batched(document: Selected) -> str | None:
    if document.status != DocumentStatus.DIGITIZED or document.output_path is None:
        return "Chưa có bản số hóa để ký."
    if document.signed_at is not None:
        return "Đã ký số."
    if document.batch_state in _HELD:
        return _IN_HELD_BATCH + "."
    return None
