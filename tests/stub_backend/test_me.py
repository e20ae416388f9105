"""GET /auth/me: the token's user; 401 without a token."""

from datetime import datetime

import httpx

from tests.stub_backend.helpers import bearer, claims_of, register


def test_me_describes_the_tokens_user(api: httpx.Client) -> None:
    tokens = register(api)

    response = api.get("/auth/me", headers=bearer(tokens["access_token"]))

    assert response.status_code == httpx.codes.OK
    me = response.json()
    assert set(me) == {"user_id", "email", "role", "created_at"}
    assert me["user_id"] == claims_of(tokens["access_token"])["user_id"]
    assert me["email"] == "alice@example.com"
    assert me["role"] == "user"
    assert datetime.fromisoformat(me["created_at"]).tzinfo is not None


def test_me_without_a_token_is_401_with_a_bearer_challenge(api: httpx.Client) -> None:
    response = api.get("/auth/me")

    assert response.status_code == httpx.codes.UNAUTHORIZED
    assert response.headers["www-authenticate"] == "Bearer"
    assert response.json() == {"detail": "Not authenticated"}
