"""Which optional parts of the contract (CONTRACT.md section 0) the backend under test offers,
in the app's own terms.

The definition is the app's (app/backend/capabilities.py: its `Capabilities`, including the
notions it derives such as `self_service`, its `ENDPOINTS`, its reading of an OpenAPI
document), under the same backend profile, so a scenario skips exactly where the app shows its
sentence instead of the feature. Found once per test session: from the backend's OpenAPI
document when it serves one, else from what the profile declares, corrected by one request per
endpoint without credentials (404 or 405: not offered; anything else, even a 401 or 422, means
the route is there). A test marked `@pytest.mark.needs("documents")` skips with the reason
when the backend lacks it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from typing import Any

import httpx

from app.backend.capabilities import ENDPOINTS, Capabilities, declared, from_openapi
from app.backend.profile import BackendProfile

# What a `needs` marker may name: the app's capabilities and the notions it derives from them.
NAMES = frozenset(field.name for field in fields(Capabilities)) | frozenset(
    name for name, value in vars(Capabilities).items() if isinstance(value, property)
)
_ABSENT = {httpx.codes.NOT_FOUND, httpx.codes.METHOD_NOT_ALLOWED}
_UNNAMED = "its backend profile names no endpoint for it"


@dataclass(frozen=True)
class Discovered:
    """The backend's capabilities as the app defines them, and why each missing one is missing."""

    offered: Capabilities
    reasons: Mapping[str, str]

    def lacks(self, name: str) -> str | None:
        """None when the backend offers `name`, else the reason it does not."""
        if name not in NAMES:
            raise ValueError(f"unknown capability {name!r}; known: {', '.join(sorted(NAMES))}")
        if getattr(self.offered, name):
            return None
        # A derived notion (self_service): every part it could have come from is missing.
        return self.reasons.get(name) or "; ".join(f"{n}: {r}" for n, r in self.reasons.items())


def _reasons(offered: Capabilities, profile: BackendProfile, absent: str) -> dict[str, str]:
    """Why each missing capability is missing; `absent` says it of an endpoint's path."""
    reasons: dict[str, str] = {}
    for name in (field.name for field in fields(Capabilities)):
        if getattr(offered, name):
            continue
        if name not in ENDPOINTS:
            reasons[name] = "its backend profile says so"  # declared traits: renew, revoke
            continue
        method, field = ENDPOINTS[name]
        path = getattr(profile, field)
        reasons[name] = (
            absent.format(f"{method.upper()} {profile.prefix}{path}") if path else _UNNAMED
        )
    return reasons


def _by_probing(http: httpx.Client, profile: BackendProfile) -> Discovered:
    offered = declared(profile)
    reasons = _reasons(offered, profile, "")
    for name, (method, field) in ENDPOINTS.items():
        if not getattr(offered, name):
            continue
        verb, path = method.upper(), profile.prefix + getattr(profile, field)
        status = http.request(verb, path).status_code
        if status in _ABSENT:
            offered = replace(offered, **{name: False})
            reasons[name] = f"{verb} {path} answers {status}"
    return Discovered(offered, reasons)


def _document(answer: httpx.Response) -> Mapping[str, Any] | None:
    if answer.status_code != httpx.codes.OK:
        return None
    try:
        document = answer.json()
    except ValueError:
        return None
    return document if isinstance(document, Mapping) else None


def discover(base_url: str, profile: BackendProfile) -> Discovered:
    """The capabilities of the backend at `base_url` (its root, without its prefix)."""
    with httpx.Client(base_url=base_url, timeout=15.0) as http:
        document = _document(http.get(profile.openapi_path))
        found = from_openapi(document, profile) if document is not None else None
        if found is not None:
            return Discovered(found, _reasons(found, profile, "{} is not in its OpenAPI document"))
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
