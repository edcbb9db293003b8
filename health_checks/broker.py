"""The Celery broker, when jobs go through one (`queue = "celery"`)."""

from __future__ import annotations

from config import Settings
from health_checks.findings import Finding, ok, problem

CONNECT_SECONDS = 5


def check_broker(settings: Settings) -> list[Finding]:
    if settings.queue != "celery":
        return []
    if not settings.broker_url:
        return [
            problem(
                "broker", "doctor.broker.unset", 'queue = "celery" but no broker_url is set',
                "set broker_url (SOHOA_BROKER_URL) to the Redis or RabbitMQ address",
            )
        ]  # fmt: skip
    from kombu.connection import Connection

    connection = Connection(settings.broker_url, connect_timeout=CONNECT_SECONDS)  # type: ignore[no-untyped-call]
    shown = connection.as_uri()  # without the password
    try:
        connection.ensure_connection(max_retries=1, timeout=CONNECT_SECONDS)  # type: ignore[no-untyped-call]
    except Exception as error:  # kombu raises the transport's own errors
        reason = f"{type(error).__name__}: {error}".replace(settings.broker_url, shown)
        return [
            problem(
                "broker", "doctor.broker.unreachable",
                f"the broker {shown} does not answer ({reason})",
                "start the broker, or correct broker_url (SOHOA_BROKER_URL)",
                url=shown, reason=reason,
            )
        ]  # fmt: skip
    finally:
        connection.release()  # type: ignore[no-untyped-call]
    return [ok("broker", "doctor.broker.ok", f"the broker {shown} answers", url=shown)]
