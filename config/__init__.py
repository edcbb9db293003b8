"""Settings, exit codes and the error base shared by every part of Sohoa."""

from config.errors import ConfigError, ExitCode, MissingDependencyError, SohoaError
from config.settings import LimitSettings, OcrSettings, Settings, load_settings

__all__ = [
    "ConfigError",
    "ExitCode",
    "LimitSettings",
    "MissingDependencyError",
    "OcrSettings",
    "Settings",
    "SohoaError",
    "load_settings",
]
