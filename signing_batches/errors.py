"""Why a batch action was refused, written for the clerk or officer who asked for it."""

from __future__ import annotations

from config import ExitCode, NotFoundError, SohoaError


class BatchError(SohoaError):
    exit_code = ExitCode.bad_args


class BatchNotFoundError(BatchError, NotFoundError):
    pass


class BatchStateError(BatchError):
    """The action does not fit the batch's state (approving an open batch, …)."""


class ApprovalNotAllowedError(BatchError):
    exit_code = ExitCode.not_permitted
