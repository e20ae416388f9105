"""The app's own cookies: what they hold, how they are sealed, and their attributes.

Both are HttpOnly and SameSite=Strict, set only by the app's routes (see routes.py): page
JavaScript can neither read nor write them. The login cookie holds the whole login: the refresh
token (so every tab of the browser shares one refresh lineage), the current access token with
its timing (so a reload with a fresh token signs in with no call at all), and the app's own id
for this login (which the backend may have no name for).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

from starlette.responses import Response

from app.auth.tokens import HeldToken
from app.base_path import cookie_path
from app.sealing import InvalidSeal, Sealer

LOGIN_COOKIE = "stauth_login"
ANON_COOKIE = "stauth_anon"
_LOGIN_PURPOSE = "login-cookie"
_ANON_PURPOSE = "anon-cookie"
ANON_LIFETIME_SECONDS = 30 * 24 * 3600
# The refresh token's lifetime is not known to the app (its claims need not say), so the
# cookie lives as long as the backend's default refresh lifetime plus a day; the backend
# still decides, and a refused refresh clears the cookie.
LOGIN_COOKIE_MAX_AGE_SECONDS = 8 * 24 * 3600


@dataclass(frozen=True)
class LoginCookie:
    refresh_token: str
    access_token: str
    access_expires_at: float  # on the app's clock (see tokens.HeldToken)
    access_lifetime: float
    login_id: str

    @classmethod
    def holding(cls, token: HeldToken, refresh_token: str, login_id: str) -> LoginCookie:
        return cls(refresh_token, token.token, token.expires_at, token.lifetime, login_id)

    def held_token(self) -> HeldToken:
        """The access token as the session holds it; MalformedToken when it is not usable."""
        return HeldToken.kept(self.access_token, self.access_expires_at, self.access_lifetime)


def seal_login(sealer: Sealer, login: LoginCookie) -> str:
    return sealer.seal(_LOGIN_PURPOSE, asdict(login))


def open_login(sealer: Sealer, cookies: Mapping[str, str]) -> LoginCookie | None:
    """The login the cookie holds, or None when it is absent or not ours (tampered, old key)."""
    payload = _unseal(sealer, _LOGIN_PURPOSE, cookies.get(LOGIN_COOKIE))
    try:
        login = LoginCookie(**payload) if payload else None
    except TypeError:
        return None
    if login is None or not all(
        isinstance(value, str) and value
        for value in (login.refresh_token, login.access_token, login.login_id)
    ):
        return None
    return login


def seal_anon(sealer: Sealer, anon_session: str) -> str:
    return sealer.seal(_ANON_PURPOSE, {"anon_session": anon_session})


def open_anon(sealer: Sealer, cookies: Mapping[str, str]) -> str | None:
    value = (_unseal(sealer, _ANON_PURPOSE, cookies.get(ANON_COOKIE)) or {}).get("anon_session")
    return value if isinstance(value, str) and value else None


def _unseal(sealer: Sealer, purpose: str, sealed: str | None) -> dict[str, Any] | None:
    if not sealed:
        return None
    try:
        return sealer.unseal(purpose, sealed)
    except InvalidSeal:
        return None


def set_cookie(response: Response, name: str, sealed: str, max_age: int, secure: bool) -> None:
    response.set_cookie(
        name,
        sealed,
        max_age=max_age,
        path=cookie_path(),
        httponly=True,
        samesite="strict",
        secure=secure,
    )


def clear_cookie(response: Response, name: str, secure: bool) -> None:
    response.delete_cookie(
        name, path=cookie_path(), httponly=True, samesite="strict", secure=secure
    )
