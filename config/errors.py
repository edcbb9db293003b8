"""The one error base of Sohoa and the exit codes every entry point maps it to."""

from __future__ import annotations

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

    `retryable` tells a worker whether trying again later could succeed (a busy
    resource) or never will (a corrupt file).
    """

    exit_code: ExitCode = ExitCode.other_error
    retryable: bool = False

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class NotFoundError(SohoaError):
    """What was asked for does not exist: a marker beside an error's own family, read by
    the web's translator (404); the exit code stays the family's."""


class ConfigError(SohoaError):
    exit_code = ExitCode.invalid_config


class MissingDependencyError(SohoaError):
    exit_code = ExitCode.missing_dependency
