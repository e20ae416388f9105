"""Token timing read from claims, against the backend's clock rather than ours."""

from __future__ import annotations

import jwt
import pytest

from app.tokens import HeldToken, MalformedToken, read_claims


def make_token(issued_at: float, lifetime: float, **overrides: object) -> str:
    claims: dict[str, object] = {
        "sub": "alice@example.com",
        "user_id": "u1",
        "role": "user",
        "jti": "j1",
        "sid": "s1",
        "type": "access",
        "iat": issued_at,
        "exp": issued_at + lifetime,
    }
    claims.update(overrides)
    return jwt.encode(claims, "k" * 32, algorithm="HS256")


def test_seconds_left_follow_the_backend_clock_not_the_local_one() -> None:
    # The backend's clock is 1000 s ahead of ours: the token still has its full lifetime.
    token = HeldToken.received(make_token(11_000, 900), clock=lambda: 10_000)
    assert token.seconds_left(clock=lambda: 10_000) == pytest.approx(900)
    assert token.seconds_left(clock=lambda: 10_600) == pytest.approx(300)


def test_refresh_is_due_inside_the_margin() -> None:
    token = HeldToken.received(make_token(0, 900), clock=lambda: 0)
    assert not token.refresh_due(60, clock=lambda: 830)
    assert token.refresh_due(60, clock=lambda: 841)


def test_the_margin_is_capped_at_a_fifth_of_a_short_lifetime() -> None:
    token = HeldToken.received(make_token(0, 10), clock=lambda: 0)
    assert not token.refresh_due(60, clock=lambda: 7)
    assert token.refresh_due(60, clock=lambda: 8.5)


def test_a_token_without_the_contract_claims_is_malformed() -> None:
    token = jwt.encode({"sub": "alice@example.com"}, "k" * 32, algorithm="HS256")
    with pytest.raises(MalformedToken):
        read_claims(token)
    with pytest.raises(MalformedToken):
        read_claims("not-a-jwt")
