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


class FeeError(ReceiptError):
    """A fee of the catalogue could not be added, changed or removed."""


class FeeNotFoundError(FeeError, NotFoundError):
    pass


class FeeExistsError(FeeError, ConflictError):
    """Another fee of the same procedure has that name already."""


class FeeFileError(FeeError):
    """The fee catalogue file cannot be read at all: nothing was imported."""

    exit_code = ExitCode.input_file


class FeeFileTooLargeError(FeeFileError):
    """Over the size or row limit, found before the file is read (or as soon as it is)."""

    exit_code = ExitCode.limit_exceeded


class InvalidFeeCatalogueError(FeeFileError):
    """Every bad row of a fee catalogue file, found together; nothing was imported."""

    def __init__(self, file: str, problems: Sequence[SohoaError]) -> None:
        rows = len({problem.params.get("row") for problem in problems})
        super().__init__(
            f"{file}: {rows} bad row(s), nothing was imported. "
            + " ".join(problem.message for problem in problems),
            code="fee_file.rows_invalid",
            params={"file": file, "count": rows},
        )
        self._problems = tuple(problems)

    @property
    def problems(self) -> tuple[SohoaError, ...]:
        return self._problems


class FeeFieldError(FeeError):
    """One field of a fee that is wrong."""


class InvalidFeeError(FeeError):
    """Every field of one fee that is wrong, found together."""

    def __init__(self, problems: Sequence[SohoaError]) -> None:
        super().__init__(
            " ".join(problem.message for problem in problems),
            code="fee.invalid",
            params={"count": len(problems)},
        )
        self._problems = tuple(problems)

    @property
    def problems(self) -> tuple[SohoaError, ...]:
        return self._problems


class FeeRowError(FeeError):
    """One bad row of a fee catalogue file: its number, the column and the value."""


class FeeFileUnreadableError(FeeFileError):
    exit_code = ExitCode.file_access
