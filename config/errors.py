"""The one error base of Sohoa and the exit codes every entry point maps it to."""

from __future__ import annotations

from collections.abc import Mapping
from enum import IntEnum


class ExitCode(IntEnum):
    ok = 0
    bad_args = 1
    input_file = 2
    missing_dependency = 3
    invalid_output = 4
    file_access = 5
    not_permitted = 6
    verification_failed = 7
    encrypted_pdf = 8
    invalid_config = 9
    limit_exceeded = 10
    child_process = 11
    other_error = 15
    ctrl_c = 130


class SohoaError(Exception):
    """An error written for the person who must act on it.

    `message` is English, for the command line and the logs. `code` names the refusal
    for good ("receipt.series_unknown"), and `params` holds the values the message names,
    so that a face can say the same in its own language. `retryable` tells a worker
    whether trying again later could succeed (a busy resource) or never will (a corrupt
    file).
    """

    exit_code: ExitCode = ExitCode.other_error
    retryable: bool = False

    def __init__(
        self,
        message: str,
        *,
        code: str | None = None,
        params: Mapping[str, object] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.params: Mapping[str, object] = dict(params or {})

    def __str__(self) -> str:
        return self.message

    @property
    def problems(self) -> tuple[SohoaError, ...]:
        """What is wrong, one refusal each: this error itself, unless it gathers several."""
        return (self,)


class NotFoundError(SohoaError):
    """What was asked for does not exist: a marker beside an error's own family, read by
    the web's translator (404); the exit code stays the family's."""


class ConflictError(SohoaError):
    """What was asked does not fit the current state (a receipt cancelled meanwhile): a
    marker like NotFoundError, read by the web's translator (409)."""


class ConfigError(SohoaError):
    exit_code = ExitCode.invalid_config


class MissingDependencyError(SohoaError):
    exit_code = ExitCode.missing_dependency
