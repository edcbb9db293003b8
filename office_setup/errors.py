"""Refusals of the office set-up, each saying what to do instead."""

from __future__ import annotations

from config.errors import ExitCode, SohoaError


class SetupError(SohoaError):
    exit_code = ExitCode.bad_args
