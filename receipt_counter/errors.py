"""Why a receipt could not be issued, cancelled or replaced, for the clerk at the counter."""

from __future__ import annotations

from collections.abc import Sequence

from config import ConflictError, ExitCode, NotFoundError, SohoaError


class ReceiptError(SohoaError):
    """Refused before a number was allocated: nothing is used up."""

    exit_code = ExitCode.bad_args


class ReceiptNotFoundError(ReceiptError, NotFoundError):
    pass


class ReceiptStateError(ReceiptError, ConflictError):
    """The receipt is no longer issued (cancelled or replaced, maybe meanwhile)."""


class InvalidReceiptRequestError(ReceiptError):
    """Every problem of one request, found together so that the clerk corrects them at once."""

    def __init__(self, problems: Sequence[SohoaError]) -> None:
        super().__init__(
            " ".join(problem.message for problem in problems),
            code="receipt.request_invalid",
            params={"count": len(problems)},
        )
        self._problems = tuple(problems)

    @property
    def problems(self) -> tuple[SohoaError, ...]:
        return self._problems


class ReceiptIssueFailedError(SohoaError):
    """A number was allocated but the receipt could not be made; it is recorded as failed."""

    exit_code = ExitCode.invalid_output
