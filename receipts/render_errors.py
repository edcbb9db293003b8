"""What can go wrong when a receipt is rendered or its QR payload read back."""

from __future__ import annotations

from config.errors import ExitCode, SohoaError


class InvalidReceiptError(SohoaError):
    """The receipt data cannot be shown as a valid receipt; the issuer must correct it."""

    exit_code = ExitCode.bad_args


class InvalidPayloadError(SohoaError):
    """A scanned or pasted text is not the QR payload of a Sohoa receipt."""

    exit_code = ExitCode.bad_args


class ReceiptOutputError(SohoaError):
    """A rendering could not be written where it was asked for."""

    exit_code = ExitCode.file_access
