"""Token timing read from claims, against the backend's clock rather than ours."""

from __future__ import annotations

import jwt
import pytest

from app.auth.tokens import HeldToken, MalformedToken, read_claims
from app.backend import identity
from app.backend.profile import PRESETS


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
    token = jwt.encode({"sub": "alice@example.com", "exp": 2_000}, "k" * 32, algorithm="HS256")
    contract = PRESETS["contract"].required_claims
    with pytest.raises(MalformedToken, match="jti, role, user_id"):
        identity.read_claims(token, contract)
    with pytest.raises(MalformedToken):
        read_claims("not-a-jwt")


def test_outside_the_contract_only_a_readable_exp_is_required() -> None:
    fastapi_users = PRESETS["fastapi-users"].required_claims
    assert identity.read_claims(plain_token(exp=2_000), fastapi_users)["exp"] == 2_000
    # AuthX's `exp` has a fraction, which the libraries that check it drop.
    assert read_claims(plain_token(exp=2_000.5)).expires_at == 2_000
    for unreadable in ("soon", None, True):
        with pytest.raises(MalformedToken, match="exp"):
            read_claims(plain_token(exp=unreadable))
    with pytest.raises(MalformedToken, match="exp"):
        read_claims(jwt.encode({"sub": "u1"}, "k" * 32, algorithm="HS256"))


def plain_token(**claims: object) -> str:
    return jwt.encode({"sub": "u1", **claims}, "k" * 32, algorithm="HS256")


def seed_token(expires_at: float) -> str:
    """A token as the seed's backend issues it: the five claims, no iat, sid or type."""
    claims = {"sub": "a@example.com", "user_id": 7, "role": "user", "jti": "j", "exp": expires_at}
    return jwt.encode(claims, "k" * 32, algorithm="HS256")


def test_the_seeds_five_claims_are_enough() -> None:
    contract = PRESETS["contract"]
    claims = identity.read_claims(seed_token(2_000), contract.required_claims)
    person = identity.person_from_claims(claims, contract)
    assert (person.email, person.user_id, person.role) == ("a@example.com", "7", "user")
    assert read_claims(seed_token(2_000)).issued_at is None


def test_without_iat_the_answers_date_header_times_the_token() -> None:
    # The backend's clock (Date: 11_000) is 1000 s ahead of ours: 900 s are left.
    token = HeldToken.received(seed_token(11_900), server_time=11_000, clock=lambda: 10_000)
    assert token.seconds_left(clock=lambda: 10_000) == pytest.approx(900)
    assert token.lifetime == pytest.approx(900)


def test_without_iat_or_date_expires_in_times_the_token() -> None:
    token = HeldToken.received(seed_token(99_999), expires_in=600, clock=lambda: 10_000)
    assert token.seconds_left(clock=lambda: 10_100) == pytest.approx(500)


def test_a_refresh_token_offered_as_an_access_token_is_malformed() -> None:
    with pytest.raises(MalformedToken):
        read_claims(make_token(0, 900, type="refresh"))
