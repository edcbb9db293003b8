"""The web interface's port: free for `sohoa run` to take, or already Sohoa's own."""

from __future__ import annotations

import errno
import http.client
import socket

from config import Settings
from health_checks.findings import Finding, ok, problem

_SECONDS = 3
_ANY = {"0.0.0.0": "127.0.0.1", "": "127.0.0.1", "::": "::1"}


def check_web_port(settings: Settings) -> list[Finding]:
    web = settings.web
    if not web.enabled:
        return [ok("web.port", "doctor.web.off", "the web interface is turned off")]
    if web.port == 0:
        return [ok("web.port", "doctor.web.any_port", "the web interface takes any free port")]
    where = f"{web.host}:{web.port}"
    try:
        _bind(web.host, web.port)
    except OSError as error:
        return [_taken(where, web.host, web.port, error)]
    return [ok("web.port", "doctor.web.free", f"{where} is free for the web interface",
               where, address=where)]  # fmt: skip


def _taken(where: str, host: str, port: int, error: OSError) -> Finding:
    if error.errno == errno.EADDRINUSE:
        if _answers_as_sohoa(_ANY.get(host, host), port):
            return ok("web.port", "doctor.web.ours", f"Sohoa's web interface answers on {where}",
                      where, address=where)  # fmt: skip
        return problem(
            "web.port", "doctor.web.taken", f"another program listens on {where}",
            f"stop that program (ss -ltnp 'sport = :{port}' names it), or set another "
            "[web] port", where, address=where, port=port,
        )  # fmt: skip
    if error.errno == errno.EACCES:
        return problem(
            "web.port", "doctor.web.privileged", f"{where} needs privileges the service "
            "should not have", "set [web] port to 1024 or above (a TLS proxy serves 443)",
            where, address=where,
        )  # fmt: skip
    reason = error.strerror or str(error)
    return problem(
        "web.port", "doctor.web.unusable", f"{where} cannot be listened on ({reason})",
        "set [web] host to an address of this machine (127.0.0.1, or 0.0.0.0 for all)",
        where, address=where, reason=reason,
    )  # fmt: skip


def _bind(host: str, port: int) -> None:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        # As the web server binds: a port left in TIME_WAIT by a stopped service is free.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        probe.bind((host, port))


def _answers_as_sohoa(host: str, port: int) -> bool:
    connection = http.client.HTTPConnection(host, port, timeout=_SECONDS)
    try:
        connection.request("GET", "/login")
        answer = connection.getresponse()
        return answer.status == 200 and b"\xc2\xb7 Sohoa</title>" in answer.read(65536)
    except (OSError, http.client.HTTPException):
        return False
    finally:
        connection.close()
