"""Real message brokers for the scale-out tests: Redis and RabbitMQ on the machine's loopback
ports (`SOHOA_TEST_REDIS`, `SOHOA_TEST_AMQP` to point elsewhere). Each test gets a broker of
its own — a Redis database emptied first, or a RabbitMQ virtual host made for it and removed
after — so no task of one test reaches another's workers. Where a broker is absent the tests
skip, saying so, except under CI=true, where they must run."""

from __future__ import annotations

import os
import subprocess
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import quote

import pytest

REDIS_URL = os.environ.get("SOHOA_TEST_REDIS", "redis://127.0.0.1:6379")
AMQP_URL = os.environ.get("SOHOA_TEST_AMQP", "amqp://guest:guest@127.0.0.1:5672")


def _databases_of_this_worker() -> range:
    """Redis's databases 1–15, split between the suite's two processes (pytest-xdist's
    gw0 and gw1) so that one never empties the other's."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    half = 1 if worker.removeprefix("gw") in ("1", "3", "5", "7") else 0
    return range(1 + 7 * half, 8 + 7 * half)


_redis_databases = iter(_databases_of_this_worker())


def unavailable(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI must have the broker: {reason}")
    pytest.skip(reason)


@contextmanager
def broker(kind: str) -> Iterator[str]:
    """The URL of an empty broker of `kind` ("redis" or "amqp")."""
    if kind == "redis":
        yield _redis()
    else:
        with _rabbitmq() as url:
            yield url


def _redis() -> str:
    import redis

    url = f"{REDIS_URL}/{next(_redis_databases)}"
    try:
        redis.Redis.from_url(url, socket_connect_timeout=3).flushdb()
    except redis.RedisError as exc:
        unavailable(f"Redis is not reachable at {REDIS_URL}: {exc}")
    return url


@contextmanager
def _rabbitmq() -> Iterator[str]:
    import kombu

    host = f"sohoa-test-{uuid.uuid4().hex[:10]}"
    made = subprocess.run(["rabbitmqctl", "add_vhost", host], capture_output=True, text=True)
    if made.returncode != 0:
        unavailable(f"RabbitMQ cannot be managed here (rabbitmqctl): {made.stderr.strip()}")
    subprocess.run(
        ["rabbitmqctl", "set_permissions", "-p", host, "guest", ".*", ".*", ".*"],
        capture_output=True,
        check=True,
    )
    url = f"{AMQP_URL}/{quote(host, safe='')}"
    try:
        with kombu.Connection(url, connect_timeout=3) as connection:
            connection.connect()
    except OSError as exc:
        unavailable(f"RabbitMQ is not reachable at {AMQP_URL}: {exc}")
    try:
        yield url
    finally:
        subprocess.run(["rabbitmqctl", "delete_vhost", host], capture_output=True)
