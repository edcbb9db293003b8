"""The web interface inside `sohoa run`: uvicorn on a thread, on a socket bound up front so
that a port in use is a clear error before anything else starts."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Sequence
from types import TracebackType

import uvicorn
from fastapi import FastAPI

from config import SohoaError
from config.errors import ExitCode


class PortUnavailableError(SohoaError):
    exit_code = ExitCode.file_access


class WebServer:
    def __init__(
        self, app: FastAPI, host: str, port: int, trusted_proxies: Sequence[str] = ()
    ) -> None:
        self.host = host
        self._socket = _bind(host, port)
        self.port = self._socket.getsockname()[1]
        config = uvicorn.Config(
            app,
            log_level="warning",
            access_log=False,
            lifespan="off",
            timeout_keep_alive=30,
            # Uvicorn believes X-Forwarded-For from 127.0.0.1 unless told otherwise: anyone on
            # the machine could then pose as any address and beat the per-address limits.
            proxy_headers=bool(trusted_proxies),
            forwarded_allow_ips=list(trusted_proxies),
        )
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(
            target=self._server.run, kwargs={"sockets": [self._socket]}, name="web", daemon=True
        )

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    def __enter__(self) -> WebServer:
        self._thread.start()
        deadline = time.monotonic() + 30
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise PortUnavailableError(
                    f"the web interface did not start on {self.url}",
                    code="web.not_started",
                    params={"url": self.url},
                )
            time.sleep(0.02)
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._server.should_exit = True
        self._thread.join(timeout=15)
        self._socket.close()


def _bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # Named TCP (not protocol 0) so that asyncio sets TCP_NODELAY on each connection: without
    # it, a response's head and body wait on the client's delayed ACK, 40 ms a request.
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        raise PortUnavailableError(
            f"the web interface cannot listen on {host}:{port} ({exc.strerror}); "
            "choose another with --port or [web] port",
            code="web.port_unavailable",
            params={"host": host, "port": port, "reason": exc.strerror},
        ) from exc
    sock.listen(128)
    sock.set_inheritable(True)
    return sock
