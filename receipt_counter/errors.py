"""Why a receipt could not be issued, cancelled or replaced, for the clerk at the counter."""

from __future__ import annotations

from config import ExitCode, NotFoundError, SohoaError


class ReceiptError(SohoaError):
    """Refused before a number was allocated: nothing is used up."""

    exit_code = ExitCode.bad_args


class ReceiptNotFoundError(ReceiptError, NotFoundError):
    pass


class ReceiptIssueFailedError(SohoaError):
    """A number was allocated but the receipt could not be made; it is recorded as failed."""

    exit_code = ExitCode.invalid_output
