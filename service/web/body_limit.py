"""Request bodies are measured before they are read: too large is 413, whoever is asking.

A route's kind sets its limit: a route taking files accepts the largest input file
(`limits.max_file_mb`) plus room for its form fields; a route whose body is one file as it is
(`openapi_extra=RAW_FILE`) exactly the largest input file; a JSON route `web.max_json_mb`; every
other route (forms, or no body at all) `web.max_form_kb`. A declared Content-Length over the
limit is refused before a byte is read; a body without one (chunked) is counted as it arrives
and refused the moment it passes the limit, so no body larger than its route's limit is ever
held, and nothing is read at all before authentication could refuse it.
"""

from __future__ import annotations

from fastapi import HTTPException, Request
from fastapi.dependencies.models import Dependant
from fastapi.params import File, Form
from fastapi.routing import APIRoute
from starlette.routing import BaseRoute, Match
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from config.settings import Settings

MIB = 1024 * 1024
_FORM_ROOM = MIB  # the fields that come with an uploaded file
_OCTET_STREAM = "application/octet-stream"

RAW_FILE = {
    "requestBody": {
        "required": True,
        "content": {_OCTET_STREAM: {"schema": {"type": "string", "format": "binary"}}},
    }
}
"""`openapi_extra` of a route whose body is one file, sent as it is: it gets the file limit
(and the API schema says what to send)."""


class BodyLimits:
    """Which limit each route has, found from its parameters the first time it is asked."""

    def __init__(self, settings: Settings) -> None:
        self.raw_file = int(settings.limits.max_file_mb * MIB)
        self.upload = self.raw_file + _FORM_ROOM
        self.json = int(settings.web.max_json_mb * MIB)
        self.form = int(settings.web.max_form_kb * 1024)
        self.smallest = min(self.upload, self.json, self.form)
        self._by_route: dict[int, int] = {}

    def for_request(self, scope: Scope) -> int:
        route = _matching_route(scope["app"].router.routes, scope)
        if route is None:
            return self.form
        if id(route) not in self._by_route:
            self._by_route[id(route)] = self._limit_of(route)
        return self._by_route[id(route)]

    def _limit_of(self, route: object) -> int:
        if not isinstance(route, APIRoute):
            return self.form
        if _OCTET_STREAM in (route.openapi_extra or {}).get("requestBody", {}).get("content", {}):
            return self.raw_file
        kinds = {type(field.field_info) for field in _body_fields(route.dependant)}
        if any(issubclass(kind, File) for kind in kinds):
            return self.upload
        if any(issubclass(kind, Form) for kind in kinds) or not kinds:
            return self.form
        return self.json


class BodyLimitMiddleware:
    """Refuses bodies over their route's limit (413), before or while they are read."""

    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.limits = BodyLimits(settings)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = _content_length(scope)
        if declared is not None and self._over_limit(declared, scope):
            await _refuse(scope, receive, send)
            return
        await self.app(scope, _counted(receive, scope, self.limits), send)

    def _over_limit(self, declared: int, scope: Scope) -> bool:
        return declared > self.limits.smallest and declared > self.limits.for_request(scope)


def _matching_route(routes: list[BaseRoute], scope: Scope) -> object | None:
    """The route that will serve `scope`. Newer FastAPI keeps included routers nested: each
    gives its routes, with their prefixes, as effective route contexts."""
    for route in routes:
        effective = getattr(route, "effective_route_contexts", None)
        for candidate in effective() if effective else (route,):
            match, _ = candidate.matches(scope)
            if match is Match.FULL:
                return getattr(candidate, "original_route", candidate)
    return None


def _counted(receive: Receive, scope: Scope, known: BodyLimits) -> Receive:
    received = 0
    limit: int | None = None

    async def counting() -> Message:
        nonlocal received, limit
        message = await receive()
        if message["type"] == "http.request":
            received += len(message.get("body", b""))
            if received > known.smallest:
                limit = known.for_request(scope) if limit is None else limit
                if received > limit:
                    raise HTTPException(413, _TOO_LARGE)
        return message

    return counting


_TOO_LARGE = "Dữ liệu gửi lên quá lớn."


async def _refuse(scope: Scope, receive: Receive, send: Send) -> None:
    from service.web.problems import problem

    response = problem(Request(scope), 413, _TOO_LARGE, {"Connection": "close"})
    await response(scope, receive, send)


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", ()):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


def _body_fields(dependant: Dependant) -> list:  # type: ignore[type-arg]
    fields = list(dependant.body_params)
    for child in dependant.dependencies:
        fields += _body_fields(child)
    return fields
