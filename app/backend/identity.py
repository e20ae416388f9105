"""Who an access token is for: its claims where the profile names them, else the `me` answer.

The app holds no JWT secret, so it cannot verify a token and does not try: the backend verifies
every call. The claims only tell the app who it is showing and when to refresh.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import jwt

from app.backend.errors import UnusableAnswer
from app.backend.models import Profile
from app.backend.profile import BackendProfile


class MalformedToken(ValueError):
    """The backend handed over something that is not a JWT with the claims the app needs."""


def read_claims(token: str, required: tuple[str, ...] = ("exp",)) -> dict[str, Any]:
    """The token's claims, unverified; MalformedToken unless it is an access token with a
    numeric `exp` and every claim in `required`."""
    try:
        # Unverified, so neither the signature nor an audience (fastapi-users sets `aud`) is
        # checked here: the backend checks both on every call.
        claims: dict[str, Any] = jwt.decode(token, options={"verify_signature": False})
    except jwt.PyJWTError as error:
        raise MalformedToken("The access token is not a JWT.") from error
    if claims.get("type", "access") != "access":
        raise MalformedToken("The token is not an access token.")
    missing = [name for name in {*required, "exp"} if name not in claims]
    if missing:
        raise MalformedToken(f"The access token lacks the claims {', '.join(sorted(missing))}.")
    if not _number(claims["exp"]):
        raise MalformedToken("The access token's `exp` is not a time.")
    return claims


def person_from_claims(claims: Mapping[str, Any], profile: BackendProfile) -> Profile:
    """What the claims say; an empty field where the profile names no claim or it is absent."""
    return Profile(
        user_id=_text(claims, profile.claim_user_id),
        email=_text(claims, profile.claim_email),
        role=_text(claims, profile.claim_role),
    )


def person_from_me(body: object, profile: BackendProfile, unusable: UnusableAnswer) -> Profile:
    """The `me` answer read with the profile's field names; `unusable` when it is not one."""
    if not isinstance(body, Mapping) or not _text(body, profile.me_email_field):
        raise unusable
    role = _text(body, profile.me_role_field)
    if not role and profile.me_admin_field:
        role = "admin" if body.get(profile.me_admin_field) is True else "user"
    return Profile(
        user_id=_text(body, profile.me_user_id_field),
        email=_text(body, profile.me_email_field),
        role=role,
        created_at=_text(body, "created_at"),
    )


def merged(from_claims: Profile, from_me: Profile) -> Profile:
    """The claims first (they are what the backend checks), the `me` answer for the rest; a
    person with no role at all is an ordinary user."""
    return Profile(
        user_id=from_claims.user_id or from_me.user_id,
        email=from_claims.email or from_me.email,
        role=from_claims.role or from_me.role or "user",
        created_at=from_me.created_at,
    )


def _text(source: Mapping[str, Any], name: str) -> str:
    value = source.get(name) if name else None
    if isinstance(value, bool) or value is None or isinstance(value, Mapping | list):
        return ""
    return str(value)[:320]


def _number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and value == value
