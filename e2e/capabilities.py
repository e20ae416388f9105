"""Which optional parts of the contract (CONTRACT.md section 0) the backend under test offers.

Found once per test session: from the backend's `/openapi.json` when it serves one, else by
one request per endpoint without credentials (404 or 405: not offered; anything else, even a
401 or 422, means the route is there). A test marked `@pytest.mark.needs("documents")` skips
with the reason when the backend lacks it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import httpx

API = "/api/v1"

# Each capability and the endpoints (method, path below the API prefix) that make it up.
ENDPOINTS: Mapping[str, tuple[tuple[str, str], ...]] = {
    "me": (("GET", "/auth/me"),),
    "logout_all": (("POST", "/auth/logout-all"),),
    "anonymous_sessions": (("GET", "/session"),),
    "documents": (("GET", "/documents"), ("POST", "/documents")),
    "change_password": (("POST", "/auth/change-password"),),
    "password_reset": (
        ("POST", "/auth/password-reset/request"),
        ("POST", "/auth/password-reset/confirm"),
    ),
    "sessions": (("GET", "/auth/sessions"),),
}
# Names that stand for several capabilities at once.
GROUPS: Mapping[str, tuple[str, ...]] = {
    "self_service": ("change_password", "password_reset", "sessions"),
}
NAMES = frozenset(ENDPOINTS) | frozenset(GROUPS)
_ABSENT = {httpx.codes.NOT_FOUND, httpx.codes.METHOD_NOT_ALLOWED}


@dataclass(frozen=True)
class Capabilities:
    """Why each missing capability is missing; a name not in `missing` is offered."""

    missing: Mapping[str, str]

    def lacks(self, name: str) -> str | None:
        """None when the backend offers `name`, else the reason it does not."""
        if name not in NAMES:
            raise ValueError(f"unknown capability {name!r}; known: {', '.join(sorted(NAMES))}")
        for part in GROUPS.get(name, (name,)):
            if part in self.missing:
                return self.missing[part]
        return None


def _from_openapi(document: Any) -> Capabilities | None:
    paths = document.get("paths") if isinstance(document, dict) else None
    if not isinstance(paths, dict):
        return None
    missing: dict[str, str] = {}
    for name, endpoints in ENDPOINTS.items():
        for method, path in endpoints:
            operations = paths.get(API + path)
            if not (isinstance(operations, dict) and method.lower() in operations):
                missing[name] = f"{method} {API}{path} is not in its /openapi.json"
                break
    return Capabilities(missing)


def _by_probing(http: httpx.Client) -> Capabilities:
    missing: dict[str, str] = {}
    for name, endpoints in ENDPOINTS.items():
        for method, path in endpoints:
            status = http.request(method, API + path).status_code
            if status in _ABSENT:
                missing[name] = f"{method} {API}{path} answers {status}"
                break
    return Capabilities(missing)


def discover(base_url: str) -> Capabilities:
    """The capabilities of the backend at `base_url` (its root, without /api/v1)."""
    with httpx.Client(base_url=base_url, timeout=15.0) as http:
        answer = http.get("/openapi.json")
        if answer.status_code == httpx.codes.OK:
            try:
                found = _from_openapi(answer.json())
            except ValueError:
                found = None
            if found is not None:
                return found
        return _by_probing(http)
