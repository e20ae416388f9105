"""When the app's access token expires, on the app's own clock, never trusting it.

Who the token is for is the backend's business (app/backend/identity.py); here only its timing
matters: `exp` (required), and `iat` when the backend sends it.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import jwt

from app.backend.identity import MalformedToken
from app.backend.identity import read_claims as read_token
from app.backend.models import TokenPair

Clock = Callable[[], float]
__all__ = [
    "AccessClaims",
    "Clock",
    "HeldToken",
    "MalformedToken",
    "local_time",
    "read_claims",
    "refusal_was_expiry",
]


def local_time() -> float:
    """The app's clock; tests move it in step with the backend's test clock."""
    return time.time()


@dataclass(frozen=True)
class AccessClaims:
    expires_at: float  # `exp`, on the backend's clock
    issued_at: float | None  # `iat`, when the backend sends it
    raw: dict[str, Any]


def read_claims(token: str) -> AccessClaims:
    """MalformedToken unless the token is an access token with a readable `exp`."""
    claims = read_token(token)
    issued = claims.get("iat")
    try:
        issued_at = None if issued is None else float(issued)
    except (TypeError, ValueError):
        issued_at = None  # optional: a backend's odd `iat` only costs the Date-header timing
    # Whole seconds: JWT libraries check `int(exp)`, so an `exp` with a fraction (AuthX's) ends
    # up to a second before it says.
    expires_at = float(math.floor(claims["exp"]))
    return AccessClaims(expires_at=expires_at, issued_at=issued_at, raw=claims)


def seconds_to_live(
    claims: AccessClaims, expires_in: float | None, server_time: float | None, now: float
) -> float:
    """How long a token just received has left, measured on the backend's clock when possible.

    `exp` is a time on the backend's clock, so it is read against the backend's own "now": its
    `iat`, else the `Date` header of the answer that carried the token. Without either, the
    answer's `expires_in`; comparing `exp` with the local clock is the last resort.
    """
    backend_now = claims.issued_at if claims.issued_at is not None else server_time
    if backend_now is not None:
        return claims.expires_at - backend_now
    if expires_in is not None:
        return expires_in
    return claims.expires_at - now


@dataclass(frozen=True)
class HeldToken:
    """An access token, and when it expires on the app's own clock.

    `expires_at` is local time: the remaining life measured on the backend's clock at issue,
    added to the local clock then, so the two clocks never need to agree.
    """

    token: str
    claims: AccessClaims
    expires_at: float
    lifetime: float

    @classmethod
    def received(
        cls,
        token: str,
        *,
        expires_in: float | None = None,
        server_time: float | None = None,
        clock: Clock | None = None,
    ) -> HeldToken:
        claims = read_claims(token)
        now = (clock or local_time)()
        left = seconds_to_live(claims, expires_in, server_time, now)
        if left <= 0:
            raise MalformedToken("The access token was already expired when it arrived.")
        return cls(token, claims, now + left, left)

    @classmethod
    def from_answer(cls, pair: TokenPair, clock: Clock | None = None) -> HeldToken:
        """The access token of a login, register or refresh answer, timed by that answer."""
        return cls.received(
            pair.access_token, expires_in=pair.expires_in, server_time=pair.server_time, clock=clock
        )

    @classmethod
    def kept(cls, token: str, expires_at: float, lifetime: float) -> HeldToken:
        """A token the login cookie kept, with the timing measured when it arrived."""
        return cls(token, read_claims(token), expires_at, lifetime)

    def seconds_left(self, clock: Clock | None = None) -> float:
        return self.expires_at - (clock or local_time)()

    def refresh_due(self, margin: float, clock: Clock | None = None) -> bool:
        """True once inside the margin, capped at a fifth of the lifetime for short tokens."""
        return self.seconds_left(clock) <= min(margin, self.lifetime / 5)

    def expired(self, clock: Clock | None = None, leeway: float = 2.0) -> bool:
        return self.seconds_left(clock) <= leeway


def refusal_was_expiry(refresh_token: str, backend_detail: str) -> bool:
    """Whether a refused refresh means the login ran out, rather than that it was ended (Log
    out everywhere, a revoke from another browser): the backend says "expired", or the token's
    own `exp` has passed. A token whose end cannot be read counts as run out, as before."""
    if "expire" in backend_detail.lower():
        return True
    try:
        claims = jwt.decode(refresh_token, options={"verify_signature": False})
        return float(claims["exp"]) <= local_time()
    except (jwt.PyJWTError, KeyError, TypeError, ValueError):
        return True
