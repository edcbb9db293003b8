"""The words the command line shows for the values the record keeps (states, kinds, roles):
the value itself in JSON, these words on a terminal."""

from __future__ import annotations

from service.i18n import _


def word(value: str | None) -> str:
    """`value` (a state, kind or role) in the command line's language; "-" for none."""
    if value is None:
        return "-"
    words = {
        # documents
        "intake": _("intake"),
        "result": _("result"),
        "received": _("received"),
        "digitized": _("digitized"),
        "split": _("split"),
        "quarantined": _("quarantined"),
        # where a dossier code was found
        "folder": _("folder name"),
        "file_name": _("file name"),
        "barcode": _("barcode"),
        "text": _("page text"),
        "clerk": _("clerk"),
        # jobs
        "queued": _("queued"),
        "running": _("running"),
        "waiting_retry": _("waiting to retry"),
        "waiting_pages": _("waiting for pages"),
        "done": _("done"),
        "failed": _("failed"),
        # batches and their outputs
        "open": _("open"),
        "submitted": _("submitted"),
        "approved": _("approved"),
        "rejected": _("rejected"),
        "signing": _("signing"),
        "signed": _("signed"),
        "partly_failed": _("partly failed"),
        "waiting": _("waiting"),
        "refused": _("refused"),
        # receipts
        "issuing": _("issuing"),
        "issued": _("issued"),
        "cancelled": _("cancelled"),
        "replaced": _("replaced"),
        "cash": _("cash"),
        "transfer": _("transfer"),
        "qr": _("QR code"),
        # roles ("clerk" is above)
        "officer": _("officer"),
        "auditor": _("auditor"),
        "admin": _("admin"),
    }
    return words.get(value, value)


def yes_no(value: bool) -> str:
    return _("yes") if value else _("no")
