"""What the store hands out: plain frozen records, times in epoch seconds of the backend clock."""

import enum
from dataclasses import dataclass
from typing import Literal

from stub_backend.security import Role


class EmailTakenError(Exception):
    """Another account already has this email."""


class Rotation(enum.Enum):
    ROTATED = "rotated"
    REPEATED_IN_GRACE = "repeated in grace"
    REUSE_DETECTED = "reuse detected"
    REFUSED = "refused"


@dataclass(frozen=True)
class User:
    id: str
    email: str
    role: Role
    created_at: float


@dataclass(frozen=True)
class NewSession:
    """A login session with the newest pair of its family: the refresh token's hash, and the
    access token's jti (which tells the session of a token whose claims do not)."""

    sid: str
    user_id: str
    created_at: float
    refresh_hash: str
    refresh_expires_at: float
    access_jti: str
    access_expires_at: float
    user_agent: str | None = None


@dataclass(frozen=True)
class ActiveToken:
    """An access token the store still honours: its user and the session it belongs to."""

    user: User
    sid: str


@dataclass(frozen=True)
class LoginSession:
    sid: str
    revoked: bool
    refresh_count: int
    created_at: float


@dataclass(frozen=True)
class OpenSession:
    """A login session as its owner sees it in their list."""

    sid: str
    created_at: float
    last_used_at: float
    user_agent: str | None


@dataclass(frozen=True)
class AnonSession:
    id: str
    created_at: float
    document_count: int


@dataclass(frozen=True)
class Owner:
    kind: Literal["user", "anonymous"]
    id: str


@dataclass(frozen=True)
class Document:
    id: str
    filename: str
    size: int
    content_type: str
    created_at: float
