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

ALGORITHM = "HS256"
TokenType = Literal["access", "refresh"]
Role = Literal["user", "admin"]


class TokenError(Exception):
    """The token must be refused: bad signature, missing or malformed claims, wrong type."""


class ExpiredTokenError(TokenError):
    """The token was valid once; its `exp` has passed on the backend's clock."""


class TokenClaims(BaseModel):
    """Every claim is required; strict types so a hand-made payload cannot slip through."""

    model_config = ConfigDict(strict=True, frozen=True, extra="ignore")

    sub: str
    user_id: str
    role: Role
    jti: str
    iat: int
    exp: int
    type: TokenType
    sid: str


REQUIRED_CLAIMS = tuple(TokenClaims.model_fields)


@dataclass(frozen=True)
class IssuedToken:
    token: str
    claims: TokenClaims


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
) -> IssuedToken:
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
    return IssuedToken(jwt.encode(claims.model_dump(), secret, algorithm=ALGORITHM), claims)


def decode_token(secret: str, token: str, *, expected_type: TokenType, now: float) -> TokenClaims:
    """Check signature, claims, type and expiry; time comes from the caller's clock, not PyJWT's."""
    # A JWT is ASCII; PyJWT would fail to encode anything else with an error of its own kind.
    if not token.isascii():
        raise TokenError("a token is ASCII")
    try:
        payload = jwt.decode(
            token,
            secret,
            algorithms=[ALGORITHM],
            options={
                "require": list(REQUIRED_CLAIMS),
                "verify_exp": False,
                "verify_iat": False,
                "verify_nbf": False,
            },
        )
        claims = TokenClaims.model_validate(payload)
    except (jwt.PyJWTError, ValidationError) as exc:
        raise TokenError(str(exc)) from exc
    if claims.type != expected_type:
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
