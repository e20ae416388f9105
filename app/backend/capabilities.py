"""Which optional parts of the contract (CONTRACT section 0) this backend offers.

Found once per process, then asked by name (`if capabilities.documents:`). The backend's OpenAPI
document says it without a single trial call, and FastAPI serves one by default, so that comes
first, for the endpoints the backend profile names (profile.py). A backend that does not publish
it is assumed to offer what its profile names until a call proves otherwise: an optional
endpoint that answers 404 or 405 marks its capability missing for this process (see
`client.py`), so a page shows its sentence from then on instead of failing again.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields, replace
from typing import Any

from app.backend.profile import BackendProfile

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
    # Declared by the backend profile, never discovered: whether a login is renewed with a
    # refresh token (else it lasts its access token's life), and whether logout ends a token.
    renew: bool = True
    revoke: bool = True

    @property
    def self_service(self) -> bool:
        return self.change_password or self.password_reset or self.sessions or self.logout_all


# Each capability, the method of the endpoint that proves it, and the profile field of its path.
ENDPOINTS: Mapping[str, tuple[str, str]] = {
    "me": ("get", "me_path"),
    "logout_all": ("post", "logout_all_path"),
    "anonymous_sessions": ("get", "session_path"),
    "documents": ("get", "documents_path"),
    "change_password": ("post", "change_password_path"),
    "password_reset": ("post", "password_reset_request_path"),
    "sessions": ("get", "sessions_path"),
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
    # Not capabilities a page asks about: the profile says whether the backend has them.
    "register": "This server does not let you create an account here.",
    "refresh": "This server does not renew logins.",
}


def declared(profile: BackendProfile) -> Capabilities:
    """What the profile says the backend has: an endpoint with a path."""
    offered = {name: bool(getattr(profile, field)) for name, (_, field) in ENDPOINTS.items()}
    return Capabilities(**offered, **_traits(profile))


def _traits(profile: BackendProfile) -> dict[str, bool]:
    return {"renew": profile.session_mode == "pair", "revoke": profile.logout_revokes}


def from_openapi(document: Mapping[str, Any], profile: BackendProfile) -> Capabilities | None:
    """The capabilities an OpenAPI document declares among those the profile has, or None
    when it is not one."""
    paths = document.get("paths")
    if not isinstance(paths, Mapping):
        return None
    offered: dict[str, bool] = {}
    for name, (method, field) in ENDPOINTS.items():
        path = getattr(profile, field)
        operations = paths.get(profile.prefix + path) if path else None
        offered[name] = isinstance(operations, Mapping) and method in operations
    return Capabilities(**offered, **_traits(profile))


class CapabilityRegistry:
    """The process's current view, discovered lazily and corrected by what calls find.

    Discovery reads from the backend, which may be slow or hostile, so it runs in a thread of
    its own and never under the lock visitors take: a visitor with a view (even a stale one)
    never waits for it, and the first visitors wait at most `wait_seconds` before they go on
    with what is declared.
    """

    def __init__(
        self,
        discover: Callable[[], Capabilities | None],
        declared: Callable[[], Capabilities] = Capabilities,
        wait_seconds: float = 10.0,
    ) -> None:
        """`declared`: what to assume until a call proves otherwise, where nothing was found."""
        self._discover = discover
        self._declared = declared
        self._wait_seconds = wait_seconds
        self._current: Capabilities | None = None
        self._found_at = 0.0
        self._discovering: threading.Event | None = None
        self._lock = threading.Lock()

    def current(self) -> Capabilities:
        with self._lock:
            known = self._current
            stale = time.monotonic() - self._found_at > REDISCOVER_SECONDS
            running = self._discovering
            if running is None and (known is None or stale):
                running = self._discovering = threading.Event()
                threading.Thread(
                    target=self._run_discovery, args=(running,), name="discovery", daemon=True
                ).start()
        if known is not None:
            return known
        if running is not None:  # always, when nothing is known: started above if not before
            running.wait(self._wait_seconds)
        with self._lock:
            return self._current or self._declared()

    def _run_discovery(self, done: threading.Event) -> None:
        try:
            found = self._discover()
        except Exception:  # a hostile answer (RecursionError...) must not end discovery
            logger.exception("Discovering the backend's capabilities failed.")
            found = None
        with self._lock:
            # Unknown (no document, backend down): assume what is declared, learn by use.
            self._current = found if found is not None else self._declared()
            self._found_at = time.monotonic()
            self._discovering = None
        done.set()

    def mark_missing(self, name: str) -> None:
        if name not in {field.name for field in fields(Capabilities)}:
            raise ValueError(f"unknown capability {name!r}")
        with self._lock:
            current = self._current or self._declared()
            if getattr(current, name):
                logger.info(
                    "The backend does not offer %s; the app shows a sentence instead.", name
                )
            self._current = replace(current, **{name: False})
            self._found_at = self._found_at or time.monotonic()
