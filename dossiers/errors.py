"""Why a code or a register could not be read, in words the person who typed it can act on."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from config.errors import ExitCode, SohoaError


class _InvalidCodeError(SohoaError):
    """A typed code that does not read as the `kind` of code it should be."""

    exit_code = ExitCode.bad_args
    kind = "code"

    def __init__(
        self,
        text: str,
        reason: str,
        *,
        code: str | None = None,
        params: Mapping[str, object] | None = None,
    ) -> None:
        super().__init__(
            f"{text!r} is not a {self.kind}: {reason}",
            code=code,
            params={"text": text, **(params or {})},
        )
        self.text = text
        self.reason = reason


class InvalidDossierCodeError(_InvalidCodeError):
    kind = "dossier code"


class InvalidProcedureCodeError(_InvalidCodeError):
    kind = "procedure code"


class RegisterError(SohoaError):
    """The dossier register file cannot be read at all (single bad rows are not errors)."""

    exit_code = ExitCode.input_file

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


class RegisterUnreadableError(RegisterError):
    """The register file is missing or may not be read (exit 5, as any unreadable input)."""

    exit_code = ExitCode.file_access
