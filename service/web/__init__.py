"""The web interface: server-rendered pages for each role, the public receipt check, the API."""

from service.web import ids  # noqa: F401  (registers the {name:id} path convertor first)
from service.web.app import create_app

__all__ = ["create_app"]
