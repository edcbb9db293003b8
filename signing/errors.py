"""Errors of the signing package, each naming the profile and what the operator must fix."""

from __future__ import annotations

from config.errors import ExitCode, SohoaError


class SigningError(SohoaError):
    """A signature could not be made or checked."""


class SigningSecretMissingError(SigningError):
    """The passphrase or PIN of a signing key is not where the profile says it is."""

    exit_code = ExitCode.invalid_config


class SigningKeyUnavailableError(SigningError):
    """The key store (PKCS#12 file or PKCS#11 token) could not be opened or read."""

    exit_code = ExitCode.file_access


class SignatureFailedError(SigningError):
    """The PDF could not be signed with a loaded key."""

    exit_code = ExitCode.invalid_output


class VerificationError(SigningError):
    """The PDF could not be read for verification at all (not: a signature is invalid)."""

    exit_code = ExitCode.input_file


class TimestampServiceError(SigningError):
    """The timestamp service gave no usable timestamp: down, refusing, or answering nonsense.

    Retryable, since such services come back; a timestamped profile is never signed
    without a timestamp instead.
    """

    exit_code = ExitCode.file_access
    retryable = True


class ValidationDataError(SigningError):
    """Validation data (certificates, CRLs, OCSP responses) could not be fetched."""

    exit_code = ExitCode.file_access
    retryable = True


class UntrustedSignatureError(SigningError):
    """A signature to extend with validation data does not validate (untrusted, revoked)."""

    exit_code = ExitCode.input_file
