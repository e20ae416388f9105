"""The app's own cookies: what they hold, how they are sealed, and their attributes.

Both are HttpOnly and SameSite=Strict, set only by the app's routes (see routes.py): page
JavaScript can neither read nor write them. The login cookie holds the whole login: the refresh
token (so every tab of the browser shares one refresh lineage; "" where the backend does not
refresh), the current access token with its timing (so a reload with a fresh token signs in with
no call at all), who the login is for (read once at sign-in, so a reload asks nothing), and the
app's own id for this login (which the backend may have no name for).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, replace
from typing import Any

from starlette.responses import Response

from app.auth.tokens import HeldToken
from app.backend import Profile
from app.backend.identity import MalformedToken, merged, person_from_claims, read_claims
from app.backend.profile import BackendProfile
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
    # Profile's fields; None in a cookie written before the app kept them.
    person: dict[str, str] | None = None

    @classmethod
    def holding(
        cls, token: HeldToken, refresh_token: str | None, login_id: str, person: Profile
    ) -> LoginCookie:
        return cls(
            refresh_token or "",
            token.token,
            token.expires_at,
            token.lifetime,
            login_id,
            person.model_dump(),
        )

    @property
    def renewable(self) -> bool:
        return bool(self.refresh_token)

    def renewed(self, token: HeldToken, refresh_token: str | None) -> LoginCookie:
        """The same login with a new access token, and the new refresh token where the
        backend rotated it (a backend that does not rotate leaves the old one in use)."""
        return replace(
            self,
            refresh_token=refresh_token or self.refresh_token,
            access_token=token.token,
            access_expires_at=token.expires_at,
            access_lifetime=token.lifetime,
        )

    def kept_person(self) -> Profile | None:
        try:
            return Profile.model_validate(self.person) if self.person else None
        except ValueError:
            return None

    def held_token(self) -> HeldToken:
        """The access token as the session holds it; MalformedToken when it is not usable."""
        return HeldToken.kept(self.access_token, self.access_expires_at, self.access_lifetime)


def person_of(login: LoginCookie, profile: BackendProfile) -> Profile | None:
    """Who the login is for: as the cookie keeps it, else (a cookie from before the app kept
    it) as the access token's claims say; None when neither can tell an email."""
    kept = login.kept_person()
    if kept is not None:
        return kept
    try:
        claims = read_claims(login.access_token, profile.required_claims)
    except MalformedToken:
        return None
    nobody = Profile(user_id="", email="", role="")
    person = merged(person_from_claims(claims, profile), nobody)
    return person if person.email else None


def seal_login(sealer: Sealer, login: LoginCookie) -> str:
    return sealer.seal(_LOGIN_PURPOSE, asdict(login))


def open_login(sealer: Sealer, cookies: Mapping[str, str]) -> LoginCookie | None:
    """The login the cookie holds, or None when it is absent or not ours (tampered, old key)."""
    payload = _unseal(sealer, _LOGIN_PURPOSE, cookies.get(LOGIN_COOKIE))
    try:
        login = LoginCookie(**payload) if payload else None
    except TypeError:
        return None
    if (
        login is None
        or not isinstance(login.refresh_token, str)
        or not all(
            isinstance(value, str) and value for value in (login.access_token, login.login_id)
        )
        or not (login.person is None or isinstance(login.person, dict))
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
