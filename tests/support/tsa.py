"""A real RFC 3161 timestamp server and CRL publisher on 127.0.0.1, for signing tests.

The server socket is bound first, so its port is known when the throwaway PKI is
built: the certificates then name CRLs served here. Paths:

- POST /tsa               a timestamp token from the PKI's TSA certificate
- POST /tsa/garbage       200 with the right content type but bytes that are no response
- POST /tsa/unavailable   503, as a service that is down for maintenance
- POST /tsa/other-digest  a well-formed token, but for a digest nobody asked for
- GET  /crl/<name>        the CRL of the root or the intermediate CA

A CRL is issued on its first fetch and then served unchanged, as a CA publishes one
per period, until `publish_crls` or a revocation starts the next period.
"""

from __future__ import annotations

import hashlib
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from asn1crypto import algos, keys, pem, tsp  # type: ignore[import-untyped]
from pyhanko.keys import load_cert_from_pemder
from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper
from pyhanko_certvalidator.registry import SimpleCertificateStore

from tests.support.pki import INTERMEDIATE_CRL, ROOT_CRL, ThrowawayPki, issue_crl, make_test_pki


class TrustServices:
    """The test PKI and the HTTP services its certificates point to."""

    def __init__(self, folder: Path, *, signer_days: int = 730) -> None:
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.url = f"http://127.0.0.1:{self._server.server_port}"
        self.tsa_url = f"{self.url}/tsa"
        self.pki = make_test_pki(folder, service_url=self.url, signer_days=signer_days)
        self.timestamps_issued = 0
        self.crl_fetches = 0
        self._revoked: set[int] = set()
        self._crls: dict[str, bytes] = {}
        self._lock = threading.Lock()
        self._timestamper = _timestamper(self.pki)
        self._server.services = self  # type: ignore[attr-defined]
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=10)

    def revoke(self, serial: int) -> None:
        with self._lock:
            self._revoked.add(serial)
        self.publish_crls()

    def publish_crls(self) -> None:
        """Issue fresh CRLs at their next fetch, as when a CA's period turns."""
        with self._lock:
            self._crls.clear()

    def crl(self, name: str) -> bytes:
        with self._lock:
            self.crl_fetches += 1
            if name not in self._crls:
                self._crls[name] = issue_crl(self.pki, name, self._revoked)
            return self._crls[name]

    def timestamp(self, request: bytes, *, other_digest: bool = False) -> bytes:
        query = tsp.TimeStampReq.load(request)
        if other_digest:
            query = tsp.TimeStampReq(
                {
                    "version": 1,
                    "message_imprint": tsp.MessageImprint(
                        {
                            "hash_algorithm": algos.DigestAlgorithm({"algorithm": "sha256"}),
                            "hashed_message": hashlib.sha256(b"another document").digest(),
                        }
                    ),
                    "nonce": query["nonce"],
                    "cert_req": True,
                }
            )
        with self._lock:
            self.timestamps_issued += 1
        response: bytes = self._timestamper.request_tsa_response(query).dump()
        return response


def unused_url(path: str = "/tsa") -> str:
    """A URL on 127.0.0.1 where nothing listens: a service that is down."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}{path}"


def _timestamper(pki: ThrowawayPki) -> DummyTimeStamper:
    tsa_key = keys.PrivateKeyInfo.load(_pem_body(pki.tsa_key))
    return DummyTimeStamper(
        tsa_cert=load_cert_from_pemder(str(pki.tsa_cert)),  # type: ignore[no-untyped-call]
        tsa_key=tsa_key,
        certs_to_embed=SimpleCertificateStore.from_certs(  # type: ignore[no-untyped-call]
            [load_cert_from_pemder(str(pki.intermediate_cert))]  # type: ignore[no-untyped-call]
        ),
    )


def _pem_body(path: Path) -> bytes:
    _, _, der = pem.unarmor(path.read_bytes())
    return bytes(der)


class _Handler(BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        services: TrustServices = self.server.services  # type: ignore[attr-defined]
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        if self.path == "/tsa":
            self._answer(200, "application/timestamp-reply", services.timestamp(body))
        elif self.path == "/tsa/other-digest":
            reply = services.timestamp(body, other_digest=True)
            self._answer(200, "application/timestamp-reply", reply)
        elif self.path == "/tsa/garbage":
            self._answer(200, "application/timestamp-reply", b"\x30\x80 not a timestamp")
        elif self.path == "/tsa/unavailable":
            self._answer(503, "text/plain", b"down for maintenance")
        else:
            self._answer(404, "text/plain", b"no such service")

    def do_GET(self) -> None:
        services: TrustServices = self.server.services  # type: ignore[attr-defined]
        name = self.path.removeprefix("/crl/")
        if name in (ROOT_CRL, INTERMEDIATE_CRL):
            self._answer(200, "application/pkix-crl", services.crl(name))
        else:
            self._answer(404, "text/plain", b"no such CRL")

    def _answer(self, status: int, content_type: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: pytest shows failures, not every request."""
