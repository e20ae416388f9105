"""Tokens and passwords, free of any web framework: what a token holds and how it is checked."""

import hashlib
import os
import secrets
import threading
import uuid
from dataclasses import dataclass
from typing import Literal

import jwt
from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher
from pydantic import BaseModel, ConfigDict, ValidationError

from stub_backend.profile import FULL_CLAIMS

ALGORITHM = "HS256"
TokenType = Literal["access", "refresh"]
Role = Literal["user", "admin"]


class TokenError(Exception):
    """The token must be refused: bad signature, missing or malformed claims, wrong type."""


class ExpiredTokenError(TokenError):
    """The token was valid once; its `exp` has passed on the backend's clock."""


class TokenClaims(BaseModel):
    """Strict types so a hand-made payload cannot slip through. `iat`, `type` and `sid` are what
    the full profile adds to the seed's five claims; which ones a token must carry is the
    profile's `claims`. The store knows every token's kind and session by its `jti` anyway."""

    model_config = ConfigDict(strict=True, frozen=True, extra="ignore")

    sub: str
    user_id: str
    role: Role
    jti: str
    exp: int
    iat: int | None = None
    type: TokenType | None = None
    sid: str | None = None


REQUIRED_CLAIMS = FULL_CLAIMS


@dataclass(frozen=True)
class IssuedToken:
    token: str
    kind: TokenType
    sid: str
    jti: str
    issued_at: int
    expires_at: int


def new_id() -> str:
    """An opaque, unguessable identifier."""
    return uuid.uuid4().hex


def fingerprint(value: str) -> str:
    """How refresh tokens and cookie values are stored: never in clear."""
    # surrogatepass: JSON can carry a lone surrogate, which strict UTF-8 cannot encode. Such a
    # value matches nothing stored; it must not become a 500 on its way to that answer.
    return hashlib.sha256(value.encode("utf-8", "surrogatepass")).hexdigest()


def create_token(
    secret: str,
    *,
    kind: TokenType,
    email: str,
    user_id: str,
    role: Role,
    sid: str,
    now: float,
    lifetime_seconds: float,
    claim_names: tuple[str, ...],
) -> IssuedToken:
    """Sign a token carrying only `claim_names` of everything the backend knows about it."""
    issued_at = int(now)
    # Rounded, not truncated: 0.05 minutes is 3.0000000000000004 seconds in floating point.
    expires_at = issued_at + max(1, round(lifetime_seconds))
    claims = TokenClaims(
        sub=email,
        user_id=user_id,
        role=role,
        jti=new_id(),
        iat=issued_at,
        exp=expires_at,
        type=kind,
        sid=sid,
    )
    payload = claims.model_dump(include=set(claim_names))
    return IssuedToken(
        jwt.encode(payload, secret, algorithm=ALGORITHM),
        kind=kind,
        sid=sid,
        jti=claims.jti,
        issued_at=issued_at,
        expires_at=expires_at,
    )


def decode_token(
    secret: str,
    token: str,
    *,
    expected_type: TokenType,
    now: float,
    claim_names: tuple[str, ...],
) -> TokenClaims:
    """Check signature, the claims `claim_names` requires, type (when the token says it) and
    expiry; time comes from the caller's clock, not PyJWT's. Whether the token is really of
    `expected_type`, and of which session, only the store can say when the claims do not."""
    # A JWT is ASCII; PyJWT would fail to encode anything else with an error of its own kind.
    if not token.isascii():
        raise TokenError("a token is ASCII")
    try:
        payload = jwt.decode(
            token,
            secret,
            algorithms=[ALGORITHM],
            options={
                "require": list(claim_names),
                "verify_exp": False,
                "verify_iat": False,
                "verify_nbf": False,
            },
        )
        claims = TokenClaims.model_validate(payload)
    except (jwt.PyJWTError, ValidationError) as exc:
        raise TokenError(str(exc)) from exc
    if any(getattr(claims, name) is None for name in claim_names):
        raise TokenError("a required claim is null")
    if claims.type not in (None, expected_type):
        raise TokenError(f"expected a {expected_type} token")
    if now >= claims.exp:
        raise ExpiredTokenError("token has expired")
    return claims


class Passwords:
    """argon2id hashing; unknown emails are checked against a dummy hash so they take as long."""

    def __init__(self, *, time_cost: int, memory_kib: int) -> None:
        self._hasher = PasswordHash((Argon2Hasher(time_cost=time_cost, memory_cost=memory_kib),))
        self._dummy_hash = self._hasher.hash(secrets.token_urlsafe(16))
        # No more hashes at once than cores: twenty logins at once otherwise all share the
        # cores and all finish late (and hold 64 MiB each), instead of most finishing early.
        self._slots = threading.BoundedSemaphore(os.cpu_count() or 1)

    def hash(self, password: str) -> str:
        with self._slots:
            return self._hasher.hash(password)

    def verify(self, password: str, password_hash: str | None) -> bool:
        with self._slots:
            if password_hash is None:
                self._hasher.verify(password, self._dummy_hash)
                return False
            return self._hasher.verify(password, password_hash)
