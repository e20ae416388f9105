"""The app's own cookies: what they hold, how they are sealed, and their attributes.

Both are HttpOnly and SameSite=Strict, set only by the app's routes (see routes.py): page
JavaScript can neither read nor write them. Both are bound to the browser they were issued to:
each holds a hash of the browser's binding cookie (binding.py) and is read only beside that
cookie, so a cookie planted from another page of the host (the planter's own, validly sealed)
neither signs this browser in nor shares the planter's anonymous session. Their names and Path
follow cookie_names.py (`__Host-` under HTTPS). The login cookie holds the whole login: the refresh
token (so every tab of the browser shares one refresh lineage; "" where the backend does not
refresh), the current access token with its timing (so a reload with a fresh token signs in with
no call at all), who the login is for (read once at sign-in, so a reload asks nothing), and the
app's own id for this login (which the backend may have no name for).
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping
from dataclasses import asdict, dataclass, replace
from typing import Any

from starlette.responses import Response

from app.auth import binding, cookie_names
from app.auth.tokens import HeldToken
from app.backend import Profile
from app.backend.identity import MalformedToken, merged, person_from_claims, read_claims
from app.backend.profile import BackendProfile
from app.sealing import InvalidSeal, Sealer

LOGIN_COOKIE = cookie_names.LOGIN
ANON_COOKIE = cookie_names.ANON
# Where the browser that a sealed cookie was issued to is recorded (binding.fingerprint).
_BROWSER = "browser"
_LOGIN_PURPOSE = "login-cookie"
_ANON_PURPOSE = "anon-cookie"
ANON_LIFETIME_SECONDS = 30 * 24 * 3600
# The refresh token's lifetime is not known to the app (its claims need not say), so the
# cookie lives as long as the backend's default refresh lifetime plus a day; the backend
# still decides, and a refused refresh clears the cookie.
LOGIN_COOKIE_MAX_AGE_SECONDS = 8 * 24 * 3600


@dataclass(frozen=True)
class Login:
    """One sign-in, in the one shape the session holds, the login cookie keeps (beside the
    refresh token) and a refresh route's outcome hands back (without it)."""

    token: HeldToken
    # The app's own name for this login: the backend may have none.
    login_id: str
    # Who it is for, read once at sign-in (claims, or the backend's `me`).
    person: Profile
    # False where the backend gives no refresh token: the login lasts its access token's life.
    renewable: bool = True
    # "Keep me signed in": the browser keeps the login after it closes (else a session cookie).
    kept: bool = True

    def renewed(self, token: HeldToken) -> Login:
        return replace(self, token=token)

    def fields(self) -> dict[str, Any]:
        """What is sealed of it, in the cookie and in an outcome."""
        return {
            "access_token": self.token.token,
            "access_expires_at": self.token.expires_at,
            "access_lifetime": self.token.lifetime,
            "login_id": self.login_id,
            "person": self.person.model_dump(),
            "kept": self.kept,
        }

    @classmethod
    def from_fields(
        cls, fields: Mapping[str, Any], *, renewable: bool = True, person: Profile | None = None
    ) -> Login | None:
        """The login sealed fields describe; `person`: who it is for where they do not say.
        None when its token is unusable or who it is for cannot be told."""
        try:
            token = HeldToken.kept(
                fields["access_token"],
                float(fields["access_expires_at"]),
                float(fields["access_lifetime"]),
            )
            kept = fields.get("person")
            person = Profile.model_validate(kept) if kept else person
        except (KeyError, TypeError, ValueError, MalformedToken):
            return None
        if person is None or not isinstance(fields.get("login_id"), str):
            return None
        return cls(token, fields["login_id"], person, renewable, fields.get("kept") is not False)


@dataclass(frozen=True)
class LoginCookie:
    """A login as the cookie keeps it: its sealed fields, and the refresh token. Kept as sealed,
    not as a `Login`: a cookie from an older app may lack `person`, or hold a token the
    current profile cannot read, and still be renewed."""

    refresh_token: str
    access_token: str
    access_expires_at: float  # on the app's clock (see tokens.HeldToken)
    access_lifetime: float
    login_id: str
    # Profile's fields; None in a cookie written before the app kept them.
    person: dict[str, str] | None = None
    # Whether the browser keeps it after it closes; a cookie from before the choice was kept.
    kept: bool = True

    @property
    def max_age(self) -> int | None:
        """The cookie's Max-Age: None makes it a session cookie, gone when the browser closes."""
        return LOGIN_COOKIE_MAX_AGE_SECONDS if self.kept else None

    @classmethod
    def holding(cls, login: Login, refresh_token: str | None) -> LoginCookie:
        return cls(refresh_token=refresh_token or "", **login.fields())

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

    def session_fields(self, profile: BackendProfile) -> dict[str, Any]:
        """The login's sealed fields without the refresh token, `person` filled in from the
        claims for a cookie from before the app kept it (None when they cannot tell)."""
        fields = {name: value for name, value in asdict(self).items() if name != "refresh_token"}
        person = _person_of(self, profile)
        fields["person"] = person.model_dump() if person is not None else None
        return fields

    def login(self, profile: BackendProfile) -> Login | None:
        """The login this cookie keeps; None when its token or its person cannot be read."""
        return Login.from_fields(self.session_fields(profile), renewable=self.renewable)


def _person_of(login: LoginCookie, profile: BackendProfile) -> Profile | None:
    """Who the login is for: as the cookie keeps it, else (a cookie from before the app kept
    it) as the access token's claims say; None when neither can tell an email."""
    if login.person:
        with contextlib.suppress(ValueError):
            return Profile.model_validate(login.person)
    try:
        claims = read_claims(login.access_token, profile.required_claims)
    except MalformedToken:
        return None
    nobody = Profile(user_id="", email="", role="")
    person = merged(person_from_claims(claims, profile), nobody)
    return person if person.email else None


def seal_login(sealer: Sealer, login: LoginCookie, browser: str | None) -> str:
    """`browser`: the fingerprint of the binding cookie of the browser it is for."""
    return sealer.seal(_LOGIN_PURPOSE, {**asdict(login), _BROWSER: browser})


def open_login(sealer: Sealer, cookies: Mapping[str, str]) -> LoginCookie | None:
    """The login the cookie holds, or None when it is absent, not ours (tampered, old key) or
    not issued to this browser. `cookies`: as cookie_names.read gives them."""
    payload = _unseal(sealer, _LOGIN_PURPOSE, cookies.get(LOGIN_COOKIE), cookies)
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
        or not isinstance(login.kept, bool)
    ):
        return None
    return login


def seal_anon(sealer: Sealer, anon_session: str, browser: str | None) -> str:
    return sealer.seal(_ANON_PURPOSE, {"anon_session": anon_session, _BROWSER: browser})


def open_anon(sealer: Sealer, cookies: Mapping[str, str]) -> str | None:
    payload = _unseal(sealer, _ANON_PURPOSE, cookies.get(ANON_COOKIE), cookies) or {}
    value = payload.get("anon_session")
    return value if isinstance(value, str) and value else None


def _unseal(
    sealer: Sealer, purpose: str, sealed: str | None, cookies: Mapping[str, str]
) -> dict[str, Any] | None:
    """The sealed fields, without the browser they were issued to; None unless that browser
    is the one whose binding cookie came with them (a cookie from before the binding names
    none, and is read as absent: one more login)."""
    if not sealed:
        return None
    try:
        payload = sealer.unseal(purpose, sealed)
    except InvalidSeal:
        return None
    if not binding.matches(payload.pop(_BROWSER, None), cookies):
        return None
    return payload


def set_cookie(
    response: Response, name: str, sealed: str, max_age: int | None, secure: bool
) -> None:
    response.set_cookie(
        cookie_names.name(name, secure),
        sealed,
        max_age=max_age,
        path=cookie_names.path(secure),
        httponly=True,
        samesite="strict",
        secure=secure,
    )


def clear_cookie(response: Response, name: str, secure: bool) -> None:
    response.delete_cookie(
        cookie_names.name(name, secure),
        path=cookie_names.path(secure),
        httponly=True,
        samesite="strict",
        secure=secure,
    )
