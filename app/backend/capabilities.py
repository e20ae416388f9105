"""Which optional parts of the contract (CONTRACT section 0) this backend offers.

Found once per process, then asked by name (`if capabilities.documents:`). The backend's OpenAPI
document says it without a single trial call, and FastAPI serves one by default, so that comes
first. A backend that does not publish it is assumed to offer everything until a call proves
otherwise: an optional endpoint that answers 404 or 405 marks its capability missing for this
process (see `client.py`), so a page shows its sentence from then on instead of failing again.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields, replace
from typing import Any

logger = logging.getLogger(__name__)

# Look again now and then: a backend can be upgraded under a running app.
REDISCOVER_SECONDS = 300.0


@dataclass(frozen=True)
class Capabilities:
    me: bool = True
    logout_all: bool = True
    anonymous_sessions: bool = True
    documents: bool = True
    change_password: bool = True
    password_reset: bool = True
    sessions: bool = True

    @property
    def self_service(self) -> bool:
        return self.change_password or self.password_reset or self.sessions or self.logout_all


# Each capability and the (method, path below the API prefix) that proves it is offered.
ENDPOINTS: Mapping[str, tuple[str, str]] = {
    "me": ("get", "/auth/me"),
    "logout_all": ("post", "/auth/logout-all"),
    "anonymous_sessions": ("get", "/session"),
    "documents": ("get", "/documents"),
    "change_password": ("post", "/auth/change-password"),
    "password_reset": ("post", "/auth/password-reset/request"),
    "sessions": ("get", "/auth/sessions"),
}

# What a person reads where a page would have used a capability that is missing.
MISSING: Mapping[str, str] = {
    "me": "This server does not describe accounts.",
    "logout_all": "This server cannot sign you out everywhere.",
    "anonymous_sessions": "This server does not keep anonymous sessions.",
    "documents": "This server does not keep documents.",
    "change_password": "This server does not let you change your password here.",
    "password_reset": "This server does not offer password resets.",
    "sessions": "This server does not list your sessions.",
}


def from_openapi(document: Mapping[str, Any], prefix: str) -> Capabilities | None:
    """The capabilities an OpenAPI document declares, or None when it is not one."""
    paths = document.get("paths")
    if not isinstance(paths, Mapping):
        return None
    offered: dict[str, bool] = {}
    for name, (method, path) in ENDPOINTS.items():
        operations = paths.get(prefix + path)
        offered[name] = isinstance(operations, Mapping) and method in operations
    return Capabilities(**offered)


class CapabilityRegistry:
    """The process's current view, discovered lazily and corrected by what calls find."""

    def __init__(self, discover: Callable[[], Capabilities | None]) -> None:
        self._discover = discover
        self._current: Capabilities | None = None
        self._found_at = 0.0
        self._lock = threading.Lock()

    def current(self) -> Capabilities:
        with self._lock:
            stale = time.monotonic() - self._found_at > REDISCOVER_SECONDS
            if self._current is None or stale:
                found = self._discover()
                # Unknown (no document, backend down): assume everything and learn by use.
                self._current = found if found is not None else Capabilities()
                self._found_at = time.monotonic()
            return self._current

    def mark_missing(self, name: str) -> None:
        if name not in {field.name for field in fields(Capabilities)}:
            raise ValueError(f"unknown capability {name!r}")
        with self._lock:
            current = self._current or Capabilities()
            if getattr(current, name):
                logger.info(
                    "The backend does not offer %s; the app shows a sentence instead.", name
                )
            self._current = replace(current, **{name: False})
            self._found_at = self._found_at or time.monotonic()
