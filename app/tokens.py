"""What the app reads from its own access token: identity and timing, never trust.

The app holds no JWT secret, so it cannot verify a token and does not try: the backend verifies
every call. The claims only tell the app who it is showing and when to refresh.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import jwt

Clock = Callable[[], float]


def local_time() -> float:
    """The app's clock; tests move it in step with the backend's test clock."""
    return time.time()


class MalformedToken(ValueError):
    """The backend handed over something that is not a JWT with the contract's claims."""


@dataclass(frozen=True)
class AccessClaims:
    email: str
    user_id: str
    role: str
    jti: str
    sid: str
    issued_at: float
    expires_at: float
    raw: dict[str, Any]

    @property
    def lifetime(self) -> float:
        return self.expires_at - self.issued_at


def read_claims(token: str) -> AccessClaims:
    try:
        claims: dict[str, Any] = jwt.decode(token, options={"verify_signature": False})
        return AccessClaims(
            email=str(claims["sub"]),
            user_id=str(claims["user_id"]),
            role=str(claims["role"]),
            jti=str(claims["jti"]),
            sid=str(claims["sid"]),
            issued_at=float(claims["iat"]),
            expires_at=float(claims["exp"]),
            raw=claims,
        )
    except (jwt.PyJWTError, KeyError, TypeError, ValueError) as error:
        raise MalformedToken("The access token is not a JWT with the expected claims.") from error


@dataclass(frozen=True)
class HeldToken:
    """An access token and the offset between the backend's clock and ours when it arrived.

    Comparing `exp` with the local clock alone would be wrong whenever the two clocks differ,
    so the estimate of "now" on the backend is local time plus the offset seen at issue.
    """

    token: str
    claims: AccessClaims
    clock_offset: float

    @classmethod
    def received(cls, token: str, clock: Clock | None = None) -> HeldToken:
        claims = read_claims(token)
        return cls(token, claims, claims.issued_at - (clock or local_time)())

    def seconds_left(self, clock: Clock | None = None) -> float:
        return self.claims.expires_at - ((clock or local_time)() + self.clock_offset)

    def refresh_due(self, margin: float, clock: Clock | None = None) -> bool:
        """True once inside the margin, capped at a fifth of the lifetime for short tokens."""
        return self.seconds_left(clock) <= min(margin, self.claims.lifetime / 5)

    def expired(self, clock: Clock | None = None, leeway: float = 2.0) -> bool:
        return self.seconds_left(clock) <= leeway


def lifetime_seconds(token: str) -> float:
    """How long a token lives from issue to expiry (`exp - iat`), e.g. to size its cookie."""
    return read_claims(token).lifetime
