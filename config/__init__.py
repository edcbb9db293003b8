"""Settings, exit codes and the error base shared by every part of Sohoa."""

from config.errors import (
    ConfigError,
    ConflictError,
    ExitCode,
    MissingDependencyError,
    NotFoundError,
    SohoaError,
)
from config.settings import LimitSettings, OcrSettings, Settings, load_settings

__all__ = [
    "ConfigError",
    "ConflictError",
    "ExitCode",
    "LimitSettings",
    "MissingDependencyError",
    "NotFoundError",
    "OcrSettings",
    "Settings",
    "SohoaError",
    "load_settings",
]
