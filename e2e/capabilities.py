"""Which optional parts of the contract (CONTRACT.md section 0) the backend under test offers.

Asked through the same definition the app uses (app/backend/capabilities.py) and under the
same backend profile: found once per test session, from the backend's OpenAPI document when it
serves one, else by one request per endpoint without credentials (404 or 405: not offered;
anything else, even a 401 or 422, means the route is there). A test marked
`@pytest.mark.needs("documents")` skips with the reason when the backend lacks it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import httpx

from app.backend.capabilities import ENDPOINTS as APP_ENDPOINTS
from app.backend.profile import BackendProfile

# Endpoints that make up a capability beyond the one the app looks for (method, profile field).
_ALSO: Mapping[str, tuple[tuple[str, str], ...]] = {
    "documents": (("POST", "documents_path"),),
    "password_reset": (("POST", "password_reset_confirm_path"),),
}
# Names that stand for several capabilities at once.
GROUPS: Mapping[str, tuple[str, ...]] = {
    "self_service": ("change_password", "password_reset", "sessions"),
}
NAMES = frozenset(APP_ENDPOINTS) | frozenset(GROUPS)
_ABSENT = {httpx.codes.NOT_FOUND, httpx.codes.METHOD_NOT_ALLOWED}


def endpoints(profile: BackendProfile) -> dict[str, tuple[tuple[str, str], ...]]:
    """Each capability's endpoints (method, full path) under `profile`; none where the
    profile names no path."""
    found: dict[str, tuple[tuple[str, str], ...]] = {}
    for name, (method, field) in APP_ENDPOINTS.items():
        parts = ((method.upper(), field), *_ALSO.get(name, ()))
        paths = tuple((verb, getattr(profile, part)) for verb, part in parts)
        found[name] = tuple((verb, profile.prefix + path) for verb, path in paths if path)
        if len(found[name]) < len(paths):
            found[name] = ()
    return found


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


def _from_openapi(document: Any, profile: BackendProfile) -> Capabilities | None:
    paths = document.get("paths") if isinstance(document, dict) else None
    if not isinstance(paths, dict):
        return None
    missing: dict[str, str] = {}
    for name, wanted in endpoints(profile).items():
        if not wanted:
            missing[name] = "its backend profile names no endpoint for it"
        for method, path in wanted:
            operations = paths.get(path)
            if not (isinstance(operations, dict) and method.lower() in operations):
                missing[name] = f"{method} {path} is not in its OpenAPI document"
                break
    return Capabilities(missing)


def _by_probing(http: httpx.Client, profile: BackendProfile) -> Capabilities:
    missing: dict[str, str] = {}
    for name, wanted in endpoints(profile).items():
        if not wanted:
            missing[name] = "its backend profile names no endpoint for it"
        for method, path in wanted:
            status = http.request(method, path).status_code
            if status in _ABSENT:
                missing[name] = f"{method} {path} answers {status}"
                break
    return Capabilities(missing)


def discover(base_url: str, profile: BackendProfile) -> Capabilities:
    """The capabilities of the backend at `base_url` (its root, without its prefix)."""
    with httpx.Client(base_url=base_url, timeout=15.0) as http:
        answer = http.get(profile.openapi_path)
        if answer.status_code == httpx.codes.OK:
            try:
                found = _from_openapi(answer.json(), profile)
            except ValueError:
                found = None
            if found is not None:
                return found
        return _by_probing(http, profile)


def auth_paths(profile: BackendProfile) -> list[str]:
    """The auth endpoints the profile names (login, register, refresh, logout), full paths."""
    paths = (profile.login_path, profile.register_path, profile.refresh_path, profile.logout_path)
    return [profile.prefix + path for path in paths if path]


def missing_auth_endpoints(base_url: str, profile: BackendProfile) -> list[str]:
    """Which of the profile's auth endpoints the backend at `base_url` does not answer, each as
    `POST /path answers 404` (501: a server that has no POST at all)."""
    missing: list[str] = []
    with httpx.Client(base_url=base_url, timeout=15.0) as http:
        for path in auth_paths(profile):
            try:
                status = http.post(path).status_code
            except httpx.TransportError as error:
                return [f"POST {path} cannot be reached ({type(error).__name__})"]
            if status in {*_ABSENT, httpx.codes.NOT_IMPLEMENTED}:
                missing.append(f"POST {path} answers {status}")
    return missing
