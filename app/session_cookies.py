"""The app's own cookies: what they hold, how they are sealed, and their attributes.

Both are HttpOnly and SameSite=Strict, set only by the app's routes (see session_routes.py):
page JavaScript can neither read nor write them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from starlette.responses import Response

from app.sealing import InvalidSeal, Sealer

LOGIN_COOKIE = "stauth_login"
ANON_COOKIE = "stauth_anon"
_PURPOSES = {LOGIN_COOKIE: "login-cookie", ANON_COOKIE: "anon-cookie"}
_FIELDS = {LOGIN_COOKIE: "refresh_token", ANON_COOKIE: "anon_session"}
ANON_LIFETIME_SECONDS = 30 * 24 * 3600
# Outlive the refresh token a little, so that its expiry is reported by the backend
# ("your session has expired") rather than by a cookie silently vanishing.
LOGIN_COOKIE_SLACK_SECONDS = 24 * 3600


def seal_value(sealer: Sealer, name: str, value: str) -> str:
    return sealer.seal(_PURPOSES[name], {_FIELDS[name]: value})


def open_value(sealer: Sealer, name: str, cookies: Mapping[str, str]) -> str | None:
    """The cookie's clear value, or None when it is absent or not ours (tampered, old key)."""
    sealed = cookies.get(name)
    if not sealed:
        return None
    try:
        payload: dict[str, Any] = sealer.unseal(_PURPOSES[name], sealed)
    except InvalidSeal:
        return None
    value = payload.get(_FIELDS[name])
    return value if isinstance(value, str) and value else None


def set_cookie(
    response: Response, sealer: Sealer, name: str, value: str, max_age: int, secure: bool
) -> None:
    response.set_cookie(
        name,
        seal_value(sealer, name, value),
        max_age=max_age,
        path="/",
        httponly=True,
        samesite="strict",
        secure=secure,
    )


def clear_cookie(response: Response, name: str, secure: bool) -> None:
    response.delete_cookie(name, path="/", httponly=True, samesite="strict", secure=secure)
