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
        5, ge=1, description="Wrong passwords in a row for one name before logins are slowed."
    )
    login_delay_seconds: float = Field(
        30, gt=0, description="Wait imposed after that many failures; doubled by each further one."
    )
    max_login_delay_seconds: float = Field(
        900, gt=0, description="The longest wait a run of wrong passwords can impose."
    )
    public_checks_per_minute: int = Field(
        30, ge=1, description="Receipt checks one address may make a minute on the public page."
    )
    page_size: int = Field(50, ge=5, le=500, description="Rows in one page of a list.")
