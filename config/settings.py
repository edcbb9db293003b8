"""Settings from a TOML file plus `SOHOA_*` environment variables.

The file is the one named by `SOHOA_CONFIG`, else `./sohoa.toml` when present.
Environment variables win over the file; nested keys use a double underscore
(`SOHOA_OCR__LANGUAGE=vie+eng`). Unknown keys are rejected, naming the key.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, ValidationError, field_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from config.celery_settings import CelerySettings
from config.daily_data_settings import DailyDataSettings
from config.doctor_settings import DoctorSettings
from config.errors import ConfigError, SohoaError
from config.rates_settings import RatesSettings
from config.section import Section
from config.signing_settings import SigningSettings
from config.web_settings import WebSettings

DEFAULT_CONFIG_FILE = Path("sohoa.toml")


class OcrSettings(Section):
    language: str = Field("vie", description="Tesseract languages, e.g. 'vie' or 'vie+eng'.")
    jobs: int = Field(0, ge=0, description="Pages OCR'd at once; 0 means one per CPU core.")
    render_dpi: int = Field(300, ge=72, le=1200, description="Resolution for rendered pages.")
    rotate_pages: bool = Field(True, description="Detect page orientation and turn pages upright.")
    deskew: bool = Field(False, description="Straighten pages skewed by a few degrees.")
    force: bool = Field(False, description="OCR pages that already carry text too.")
    pdfa: bool = Field(True, description="Write PDF/A-2b; when false, a plain PDF.")
    deflate_jpeg: bool = Field(
        False,
        description="Wrap scanner JPEGs in lossless Flate: about 1 % smaller, but the image "
        "streams are no longer byte-identical to the input's.",
    )
    flatten_photos: bool = Field(
        True,
        description="Find the paper in a photographed page, flatten it to a rectangle and even "
        "out its light; the output shows the flattened page, the archive keeps the photo.",
    )
    drop_colour_ink: bool = Field(
        True,
        description="Read pages without their red and blue ink (seals, signatures); the output "
        "keeps them as scanned.",
    )
    read_dpi: int = Field(
        300, ge=150, le=600, description="Resolution pages are read at when resampled."
    )
    max_read_dpi: int = Field(
        400, ge=150, le=1200, description="Pages scanned above this are read at read_dpi."
    )
    min_read_dpi: int = Field(
        200, ge=50, le=600, description="Pages scanned below this are enlarged to read_dpi."
    )
    adaptive_threshold: bool = Field(
        True, description="Read low-contrast pages (grey photocopies, faxes) by local thresholds."
    )
    skip_blank_pages: bool = Field(
        True, description="Keep pages without ink, marked blank, without reading them."
    )


class LimitSettings(Section):
    max_file_mb: float = Field(500, gt=0, description="Largest input file accepted, in MiB.")
    max_pages: int = Field(2000, gt=0, description="Most pages in one input file.")
    max_page_megapixels: float = Field(
        150, gt=0, description="Most pixels in one page image (decompression bombs)."
    )
    seconds_per_page: float = Field(180, gt=0, description="Longest OCR of one page.")


class WatchSettings(Section):
    settle_seconds: float = Field(
        2.0, gt=0, description="A file is taken once its size and time are unchanged this long."
    )
    polling: bool = Field(
        False, description="Look at the inbox at intervals instead of inotify (network shares)."
    )
    poll_interval: float = Field(1.0, gt=0, description="Seconds between looks when polling.")


class JobSettings(Section):
    documents_at_once: int = Field(
        0, ge=0, description="Documents in progress at once; 0 means two per CPU core."
    )
    max_attempts: int = Field(
        4, ge=1, description="Tries of a job that meets passing trouble before it fails."
    )
    max_interruptions: int = Field(
        10,
        ge=1,
        description="Times the service may die under one document (a power cut, a kill) "
        "before it is set aside, lest a file that kills the service loop forever.",
    )
    retry_seconds: float = Field(
        5.0, gt=0, description="Wait before the first retry; doubled at each further one."
    )


class AuditSettings(Section):
    checkpoint_profile: str | None = Field(
        None,
        description="Signing profile that signs the audit trail's checkpoints; unset: the "
        "profile of [signing] result.",
    )
    checkpoint_hours: float = Field(
        24.0,
        ge=0,
        description="`sohoa run` signs a checkpoint of the audit trail this often when one is "
        "due and a profile signs them; 0: only on demand (`sohoa audit checkpoint`).",
    )


class CheckSettings(Section):
    every_hours: float = Field(
        24.0,
        ge=0,
        description="`sohoa run` runs the integrity check this often and logs what it finds; "
        "0: only on demand (`sohoa check`).",
    )
    inbox_max_hours: float = Field(
        24.0, gt=0, description="A file waiting in the inbox longer than this is a problem."
    )


class ReceiptSettings(Section):
    require_known_dossier: bool = Field(
        False, description="Refuse a receipt for a dossier code not in the register."
    )
    check_url: str = Field(
        "",
        description="Address of the public receipt check page, e.g. "
        "'https://motcua.example.gov.vn/kiem-tra'; set: the QR code holds "
        "'<check_url>?ma=<code>' so that a phone camera opens the page; empty: the bare code.",
        max_length=200,
        pattern=r"^(https?://[^\s?#]+)?$",
    )
    xml_exclusive_c14n: bool = Field(
        False,
        description="Sign the receipt's XML data message with exclusive C14N "
        "(xml-exc-c14n) instead of inclusive C14N 1.0, which the tax authority's messages use.",
    )
    xml_signing_time_zone: bool = Field(
        False,
        description="Write the XML signature's SigningTime with its zone (+07:00); the tax "
        "authority's messages write the Vietnam local time without a zone.",
    )
    daily_data: DailyDataSettings = DailyDataSettings()
    # The structure of both symbols is that of Circular 78/2021/TT-BTC and Decree 123/2020
    # as observed in the tax authority's deployments (e.g. form 01BLP0-001, series AA-26E);
    # the exact text of the rule was not at hand, so both are settings with that default.
    form_symbol_pattern: str = Field(
        r"^(0[1-9])BLP([0-9])[-/](\d{3})$",
        description="Regular expression a receipt form symbol (ký hiệu mẫu biên lai) must "
        "match when a series is added: by default two digits 01-09 for the kind of receipt, "
        "'BLP', one digit, '-' or '/', then three digits (e.g. 01BLP0-001).",
        max_length=300,
    )
    series_symbol_pattern: str = Field(
        r"^(\d{2})?[A-Z]{2}[-/](\d{2})[ETP]$",
        description="Regular expression a receipt series symbol (ký hiệu biên lai) must match "
        "when a series is added: by default two optional digits, two capital letters, '-' or "
        "'/', the year's last two digits, then E, T or P (e.g. BI-26T).",
        max_length=300,
    )

    @field_validator("form_symbol_pattern", "series_symbol_pattern")
    @classmethod
    def _compiles(cls, pattern: str) -> str:
        try:
            re.compile(pattern)
        except re.error as error:
            raise ValueError(f"not a regular expression Python can read ({error})") from None
        return pattern


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="SOHOA_",
        env_nested_delimiter="__",
        extra="forbid",
        frozen=True,
    )

    data_dir: Path = Field(Path("var"), description="Where all state lives.")
    database_url: str | None = Field(
        None,
        description="SQLAlchemy URL of the store; unset means SQLite at <data_dir>/sohoa.db.",
    )
    queue: Literal["local", "celery"] = Field(
        "local",
        description="Where jobs run: 'local' is a pool inside `sohoa run`; 'celery' sends them "
        "to `sohoa worker` processes through the broker.",
    )
    broker_url: str | None = Field(
        None, description="The Celery broker: redis://host:6379/0 or amqp://user:pass@host//."
    )
    ocr: OcrSettings = OcrSettings()
    limits: LimitSettings = LimitSettings()
    watch: WatchSettings = WatchSettings()
    jobs: JobSettings = JobSettings()
    signing: SigningSettings = SigningSettings()
    receipts: ReceiptSettings = ReceiptSettings()
    audit: AuditSettings = AuditSettings()
    check: CheckSettings = CheckSettings()
    rates: RatesSettings = RatesSettings()
    web: WebSettings = WebSettings()
    celery: CelerySettings = CelerySettings()
    doctor: DoctorSettings = DoctorSettings()

    @property
    def store_url(self) -> str:
        return self.database_url or f"sqlite:///{self.data_dir / 'sohoa.db'}"

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        config_file = _config_file()
        sources: list[PydanticBaseSettingsSource] = [init_settings, env_settings]
        if config_file is not None:
            sources.append(TomlConfigSettingsSource(settings_cls, toml_file=config_file))
        return tuple(sources)


def settings_file_path() -> Path:
    """The file the settings are read from, or would be once written (`sohoa init`)."""
    named = os.environ.get("SOHOA_CONFIG")
    return Path(named) if named else DEFAULT_CONFIG_FILE


def _config_file() -> Path | None:
    named = os.environ.get("SOHOA_CONFIG")
    if named:
        path = Path(named)
        if not path.is_file():
            raise ConfigError(
                f"SOHOA_CONFIG names {path}, which is not a file",
                code="settings.file_missing",
                params={"file": path},
            )
        return path
    return DEFAULT_CONFIG_FILE if DEFAULT_CONFIG_FILE.is_file() else None


def load_settings(**overrides: Any) -> Settings:
    """Read the settings, turning every mistake into a `ConfigError` naming the key."""
    try:
        return Settings(**overrides)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(
            f"{_config_file()}: not valid TOML ({exc})",
            code="settings.toml_invalid",
            params={"file": _config_file(), "reason": exc},
        ) from exc
    except ValidationError as exc:
        raise InvalidSettingsError(_problems(exc)) from exc


class InvalidSettingsError(ConfigError):
    """Every mistake of the settings, found together, each naming its key."""

    def __init__(self, problems: Sequence[ConfigError]) -> None:
        super().__init__(
            "invalid settings: " + "; ".join(problem.message for problem in problems),
            code="settings.invalid",
            params={"count": len(problems)},
        )
        self._problems = tuple(problems)

    @property
    def problems(self) -> tuple[SohoaError, ...]:
        return self._problems


def _problems(exc: ValidationError) -> list[ConfigError]:
    source = _config_file()
    return [_problem(error, source) for error in exc.errors()]


def _problem(error: Any, source: Path | None) -> ConfigError:
    key = ".".join(str(part) for part in error["loc"])
    unknown = error["type"] == "extra_forbidden"
    if source is None:  # from the environment or the command's options
        if unknown:
            return ConfigError(
                f"unknown key '{key}'", code="settings.key_unknown_here", params={"key": key}
            )
        return ConfigError(
            f"'{key}': {error['msg']}",
            code="settings.value_invalid_here",
            params={"key": key, "reason": error["msg"]},
        )
    if unknown:
        return ConfigError(
            f"unknown key '{key}' in {source}",
            code="settings.key_unknown",
            params={"key": key, "file": source},
        )
    return ConfigError(
        f"'{key}' in {source}: {error['msg']}",
        code="settings.value_invalid",
        params={"key": key, "file": source, "reason": error["msg"]},
    )
