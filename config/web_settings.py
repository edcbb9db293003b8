"""The `[web]` settings: where the web interface listens and how it guards the door."""

from __future__ import annotations

from pydantic import Field

from config.section import Section


class WebSettings(Section):
    enabled: bool = Field(True, description="Serve the web interface from `sohoa run`.")
    host: str = Field(
        "127.0.0.1",
        description="Address to listen on; 0.0.0.0 serves the office network (put TLS in front).",
    )
    port: int = Field(8750, ge=0, le=65535, description="Port to listen on; 0 takes any free one.")
    session_hours: float = Field(
        8, gt=0, description="A login lasts this long without use before it must be repeated."
    )
    secure_cookies: bool = Field(
        False, description="Send cookies over HTTPS only: set when a TLS proxy serves the site."
    )
    failures_before_delay: int = Field(
        5,
        ge=1,
        description="Wrong passwords for one name from one address before that pair is slowed.",
    )
    login_delay_seconds: float = Field(
        30, gt=0, description="Wait imposed after that many failures; doubled by each further one."
    )
    max_login_delay_seconds: float = Field(
        900, gt=0, description="The longest wait a run of wrong passwords can impose."
    )
    address_failures_before_delay: int = Field(
        20,
        ge=1,
        description="Wrong passwords from one address, whatever the names, before it is slowed "
        "(password spraying); then the waits above.",
    )
    name_failures_before_delay: int = Field(
        10,
        ge=1,
        description="Wrong passwords for one name, from any address, before every address is "
        "slowed for it: one second, doubled by each further failure.",
    )
    max_name_delay_seconds: float = Field(
        60,
        gt=0,
        description="The longest wait failures from elsewhere impose on a name, so that guessing "
        "cannot lock its owner out.",
    )
    trusted_proxies: list[str] = Field(
        default_factory=list,
        description="Addresses (or networks) of the TLS proxies in front: only their "
        "X-Forwarded-For and X-Forwarded-Proto are believed. Empty: none is.",
    )
    public_checks_per_minute: int = Field(
        30, ge=1, description="Receipt checks one address may make a minute on the public page."
    )
    max_json_mb: float = Field(
        8, gt=0, description="Largest JSON body an API route reads (a register push), in MiB."
    )
    max_form_kb: float = Field(
        256, gt=0, description="Largest form or other body a route without files reads, in KiB."
    )
    page_size: int = Field(50, ge=5, le=500, description="Rows in one page of a list.")
