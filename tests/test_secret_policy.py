"""One rule for secrets, applied alike to the app's APP_SECRET_KEY and the stub's JWT_SECRET."""

from __future__ import annotations

import secrets

import pytest

from app.secret_key import SecretKeyError, check_secret
from secret_policy import weak_secret_reason

WEAK = {
    "changeme": "placeholder",
    "your-secret-key-change-me-please-now-123456": "placeholder",
    "short-but-random-Xq9": "shorter than 32 bytes",
    "a" * 48: "repetitive",
}


@pytest.mark.parametrize(("secret", "why"), WEAK.items())
def test_a_weak_secret_is_refused_with_the_reason(secret: str, why: str) -> None:
    reason = weak_secret_reason(secret)
    assert reason is not None
    assert why in reason


@pytest.mark.parametrize("secret", WEAK)
def test_the_app_refuses_what_the_policy_refuses(secret: str) -> None:
    with pytest.raises(SecretKeyError, match="APP_SECRET_KEY"):
        check_secret(secret, "APP_SECRET_KEY")


def test_a_random_secret_is_accepted() -> None:
    secret = secrets.token_urlsafe(48)
    assert weak_secret_reason(secret) is None
    assert check_secret(secret, "APP_SECRET_KEY") == secret.encode()
