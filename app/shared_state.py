"""What several app replicas share, in Redis (APP_REDIS_URL): the set with expiry of expiring.py.

Three sets live there: redeemed cookie-ticket ids, so a ticket is single use on every replica
and after any restart; signed-out logins, so a logout through one replica is seen by a tab
on another at its next run; and used reset links (hashed), so a spent link says so at once on
any replica. Each is one key per member with a TTL: `SET NX PX` adds, `EXISTS` asks. A run
asks once (measured in bench/failover.py).

When Redis cannot be reached the sets fail differently, on purpose: `add` answers False,
so a ticket is refused (no window in which a replayed ticket would pass), while `in` answers
False, so pages keep serving (a logout made elsewhere is then seen only at the next backend
call). The outage is logged once when it starts and once when it ends, not per run, and for a
second after a failure no call is tried, so a dead Redis costs a run nothing.
"""

from __future__ import annotations

import logging
import math
import threading
import time
from collections.abc import Callable
from typing import TypeVar
from urllib.parse import urlsplit

import redis
from redis.backoff import NoBackoff
from redis.retry import Retry

logger = logging.getLogger(__name__)

T = TypeVar("T")
Clock = Callable[[], float]
KEY_PREFIX = "stauth"
# After a failure, calls answer at once for this long instead of waiting on a dead server.
RETRY_AFTER_SECONDS = 1.0


def where(url: str) -> str:
    """The server a URL names, without its credentials: for the log."""
    parts = urlsplit(url)
    if parts.scheme == "unix":
        return f"unix:{parts.path}"
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme}://{parts.hostname or 'localhost'}{port}{parts.path or ''}"


class RedisLink:
    """One client and what is known of its health, shared by the sets that use it."""

    def __init__(self, client: redis.Redis, name: str, clock: Clock = time.monotonic) -> None:
        self._client = client
        self._name = name
        self._clock = clock
        self._lock = threading.Lock()
        self._down_since: float | None = None
        self._quiet_until = 0.0

    @classmethod
    def from_url(cls, url: str, timeout_seconds: float) -> RedisLink:
        client = redis.Redis.from_url(
            url,
            socket_timeout=timeout_seconds,
            socket_connect_timeout=timeout_seconds,
            # One retry: a pooled connection that a Redis restart closed fails once, then works.
            retry=Retry(NoBackoff(), 1),
            health_check_interval=30,
        )
        name = where(url)
        logger.info("Redeemed tickets and signed-out logins are kept in Redis at %s.", name)
        return cls(client, name)

    def call(self, operation: Callable[[redis.Redis], T]) -> T | None:
        """The operation's answer, or None when Redis cannot be reached now."""
        if self._clock() < self._quiet_until:
            return None
        try:
            answer = operation(self._client)
        except redis.RedisError as error:
            self._failed(error)
            return None
        if self._down_since is not None:
            self._recovered()
        return answer

    def close(self) -> None:
        self._client.close()

    def _failed(self, error: redis.RedisError) -> None:
        with self._lock:
            now = self._clock()
            self._quiet_until = now + RETRY_AFTER_SECONDS
            if self._down_since is not None:
                return
            self._down_since = now
        logger.error(
            "Redis at %s cannot be reached (%s): cookie tickets are refused, and a logout made "
            "through another replica is seen only at the next backend call, until it is back.",
            self._name,
            type(error).__name__,
        )

    def _recovered(self) -> None:
        with self._lock:
            since, self._down_since = self._down_since, None
        if since is not None:
            logger.warning(
                "Redis at %s answers again, after %.1f s.", self._name, self._clock() - since
            )


class RedisSet:
    """A set whose members expire, one Redis key per member (see the module's docstring)."""

    def __init__(self, link: RedisLink, name: str) -> None:
        self._link = link
        self._prefix = f"{KEY_PREFIX}:{name}:"

    def add(self, key: str, hold_seconds: float) -> bool:
        """Remember `key` for `hold_seconds`; False when it was there, or Redis is unreachable."""
        milliseconds = max(1, math.ceil(hold_seconds * 1000))
        name = self._prefix + key
        stored = self._link.call(lambda client: client.set(name, b"1", nx=True, px=milliseconds))
        return bool(stored)

    def __contains__(self, key: object) -> bool:
        if not isinstance(key, str):
            return False
        name = self._prefix + key
        return bool(self._link.call(lambda client: client.exists(name)))

    def close(self) -> None:
        self._link.close()
