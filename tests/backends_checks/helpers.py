"""Helpers of the backend checks: fresh emails, Bearer headers, claims, waiting out a token."""

import time
import uuid
from typing import Any

import jwt

from tests.stub_server import TEST_JWT_SECRET

PASSWORD = "correct-horse-battery"


def new_email() -> str:
    """An email no other test has used, so tests share one server and stay independent."""
    return f"user-{uuid.uuid4().hex[:12]}@example.com"


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def claims_of(token: str) -> dict[str, Any]:
    """The claims, unverified (as the app reads them)."""
    claims: dict[str, Any] = jwt.decode(token, options={"verify_signature": False})
    return claims


def forged(token: str) -> str:
    """The same claims signed with another key."""
    return jwt.encode(claims_of(token), TEST_JWT_SECRET[::-1], algorithm="HS256")


def wait_until_expired(token: str) -> None:
    """Sleep until PyJWT counts the token as expired: it compares `int(exp)` with now."""
    delay = int(claims_of(token)["exp"]) - time.time() + 0.05
    time.sleep(max(delay, 0.0))
