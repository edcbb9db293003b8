"""What can be wrong with an export of the rates report that the person asking can fix."""

from __future__ import annotations

from config.errors import ExitCode, SohoaError


class RatesFormatError(SohoaError):
    """An export was asked for in a form Sohoa does not write."""

    exit_code = ExitCode.bad_args
