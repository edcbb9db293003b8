"""Exports built in memory, handed over as a download and recorded with the user."""

from __future__ import annotations

from fastapi.responses import Response

from accounts.users import WebUser
from audit_trail.web_exports import record_download
from store.database import Store

CSV = "text/csv; charset=utf-8"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
JSONL = "application/jsonl; charset=utf-8"
MEDIA_TYPES = {"csv": CSV, "xlsx": XLSX, "docx": DOCX, "jsonl": JSONL}


def attachment(content: bytes, name: str, media_type: str) -> Response:
    """`name` is plain ASCII, made by the route (never taken from the request)."""
    return Response(
        content,
        media_type=media_type,
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


def recorded_attachment(
    store: Store,
    user: WebUser,
    what: str,
    content: bytes,
    name: str,
    **details: object,
) -> Response:
    """The download, after `<what>.exported` is in the audit trail with the user."""
    extension = name.rsplit(".", 1)[-1]
    record_download(store, what, name, content, user.actor, format=extension, **details)
    return attachment(content, name, MEDIA_TYPES[extension])
