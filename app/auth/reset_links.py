"""What the app knows of a reset link before anyone types a password: the backend has no way to
check a token, so the page would learn of a spent link only from the refused form.

Two things it can know: a link this app already used (every process of the app shares the list,
like signed-out logins; tokens kept only as hashes, a reset token is a credential), and a link
whose token is a JWT (fastapi-users', the template's) that says it has expired. Anything else,
the backend decides when the form is sent.
"""

from __future__ import annotations

import hashlib

import jwt

from app.auth.tokens import local_time
from app.services import get_services

EXPIRED = "This reset link has expired."
USED = "This reset link was already used."
# A used link is remembered as long as any backend keeps one valid (the template's: 48 hours),
# or, for a JWT, until it expires anyway.
REMEMBER_USED_SECONDS = 7 * 24 * 3600.0
# The app's clock is not the backend's: an expiry is said only once it is clearly past.
LEEWAY_SECONDS = 60.0


def problem(token: str) -> str | None:
    """Why this link cannot set a password, where that is known without the backend."""
    if _key(token) in get_services().used_reset_links:
        return USED
    expires_at = _expiry(token)
    if expires_at is not None and expires_at + LEEWAY_SECONDS < local_time():
        return EXPIRED
    return None


def used(token: str) -> None:
    """The backend set a password with this link: it is spent."""
    expires_at = _expiry(token)
    hold = REMEMBER_USED_SECONDS if expires_at is None else expires_at - local_time()
    get_services().used_reset_links.add(_key(token), max(hold, 0.0) + LEEWAY_SECONDS)


def _key(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _expiry(token: str) -> float | None:
    """A JWT's `exp`, unverified (the backend verifies it when the form is sent); else None."""
    try:
        claims = jwt.decode(token, options={"verify_signature": False, "verify_exp": False})
    except jwt.PyJWTError:
        return None  # an opaque token (the stub's): only the backend knows its life
    expires = claims.get("exp")
    if isinstance(expires, bool) or not isinstance(expires, int | float):
        return None
    return float(expires)
