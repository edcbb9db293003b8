"""What every route reaches through `request.app.state`: the back (a job context) and the
templates."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import Request
from fastapi.templating import Jinja2Templates

from config.web_settings import WebSettings
from runtime.context import JobContext
from service.web.rate_limit import RateLimiter


@dataclass
class WebContext:
    back: JobContext
    templates: Jinja2Templates
    public_checks: RateLimiter

    @property
    def web(self) -> WebSettings:
        return self.back.settings.web


def web_context(request: Request) -> WebContext:
    context = request.app.state.sohoa
    assert isinstance(context, WebContext)
    return context
