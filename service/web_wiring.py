"""The web interface as `sohoa run` starts it: on the configured address unless turned off."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from runtime.context import JobContext
    from service.web.server import WebServer


@contextmanager
def web_interface(
    context: JobContext, host: str | None, port: int | None
) -> Iterator[WebServer | None]:
    web = context.settings.web
    if not web.enabled:
        yield None
        return
    from service.web import create_app
    from service.web.server import WebServer

    with WebServer(
        create_app(context),
        host or web.host,
        web.port if port is None else port,
        web.trusted_proxies,
    ) as server:
        yield server
