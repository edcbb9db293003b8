"""Why a file could not be digitized, in words a clerk can act on.

Every message starts with the file's path, so that a batch log names the culprit.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from config.errors import ExitCode, SohoaError


class DigitizeError(SohoaError):
    """Something about one input file stopped its digitization; `params` name the file."""

    def __init__(
        self,
        path: Path | str,
        reason: str,
        *,
        code: str | None = None,
        params: Mapping[str, object] | None = None,
    ) -> None:
        super().__init__(
            f"{path}: {reason}", code=code, params={"file": str(path), **(params or {})}
        )
        self.path = Path(path)
        self.reason = reason


class UnsupportedFileError(DigitizeError):
    exit_code = ExitCode.input_file


class CorruptFileError(DigitizeError):
    exit_code = ExitCode.input_file


class EncryptedPdfError(DigitizeError):
    exit_code = ExitCode.encrypted_pdf


class LimitExceededError(DigitizeError):
    exit_code = ExitCode.limit_exceeded


class OcrEngineError(DigitizeError):
    exit_code = ExitCode.child_process


class OcrInterruptedError(OcrEngineError):
    """Tesseract was killed while it read a page (out of memory, an operator): the page
    itself may be fine, so another try may succeed."""

    retryable = True


class OutputError(DigitizeError):
    exit_code = ExitCode.invalid_output
    retryable = True  # a full or busy disk may have room later


class FileAccessError(DigitizeError):
    exit_code = ExitCode.file_access
    retryable = True


class UnexpectedError(DigitizeError):
    """A fault Sohoa did not foresee; the file is set aside rather than the batch lost."""

    exit_code = ExitCode.other_error
