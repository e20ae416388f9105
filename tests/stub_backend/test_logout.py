"""POST /auth/logout and /auth/logout-all: blocklist the jti, revoke sessions, 401 twice."""

import httpx
import pytest

from tests.stub_backend.helpers import bearer, claims_of, database, login, register
from tests.stub_server import StubServer


def _status(api: httpx.Client, access_token: str) -> int:
    return api.get("/auth/me", headers=bearer(access_token)).status_code


def _refresh_status(api: httpx.Client, refresh_token: str) -> int:
    return api.post("/auth/refresh", json={"refresh_token": refresh_token}).status_code


def test_logout_answers_204_and_ends_the_session(api: httpx.Client) -> None:
    tokens = register(api)

    response = api.post("/auth/logout", headers=bearer(tokens["access_token"]))

    assert response.status_code == httpx.codes.NO_CONTENT
    assert response.content == b""
    assert _status(api, tokens["access_token"]) == httpx.codes.UNAUTHORIZED
    assert _refresh_status(api, tokens["refresh_token"]) == httpx.codes.UNAUTHORIZED


def test_a_second_logout_with_the_same_token_is_401(api: httpx.Client) -> None:
    tokens = register(api)
    api.post("/auth/logout", headers=bearer(tokens["access_token"]))

    response = api.post("/auth/logout", headers=bearer(tokens["access_token"]))

    assert response.status_code == httpx.codes.UNAUTHORIZED
    assert response.headers["www-authenticate"] == "Bearer"


def test_logout_blocklists_the_jti_until_the_token_expires(
    api: httpx.Client, stub_server: StubServer
) -> None:
    claims = claims_of(register(api)["access_token"])
    token = register(api, email="bob@example.com")["access_token"]

    api.post("/auth/logout", headers=bearer(token))

    with database(stub_server.settings) as db:
        rows = db.execute("SELECT jti, expires_at FROM blocklist").fetchall()
    assert rows == [(claims_of(token)["jti"], claims_of(token)["exp"])]
    assert claims["jti"] not in {jti for jti, _ in rows}


def test_logout_leaves_the_users_other_sessions_open(
    api: httpx.Client, stub_server: StubServer
) -> None:
    first = register(api)
    second = login(api).json()

    api.post("/auth/logout", headers=bearer(first["access_token"]))

    assert _status(api, second["access_token"]) == httpx.codes.OK
    assert _refresh_status(api, second["refresh_token"]) == httpx.codes.OK
    revoked = [s["revoked"] for s in stub_server.sessions("alice@example.com")]
    assert revoked == [True, False]


def test_logout_also_uses_up_the_refresh_token_it_is_given(api: httpx.Client) -> None:
    first = register(api)
    second = login(api).json()

    response = api.post(
        "/auth/logout",
        headers=bearer(first["access_token"]),
        json={"refresh_token": second["refresh_token"]},
    )

    assert response.status_code == httpx.codes.NO_CONTENT
    assert _refresh_status(api, second["refresh_token"]) == httpx.codes.UNAUTHORIZED
    assert _status(api, second["access_token"]) == httpx.codes.UNAUTHORIZED


def test_logout_ignores_a_refresh_token_of_another_user(api: httpx.Client) -> None:
    alice = register(api)
    bob = register(api, email="bob@example.com")

    api.post(
        "/auth/logout",
        headers=bearer(alice["access_token"]),
        json={"refresh_token": bob["refresh_token"]},
    )

    assert _refresh_status(api, bob["refresh_token"]) == httpx.codes.OK


@pytest.mark.parametrize("path", ["/auth/logout", "/auth/logout-all"])
def test_logging_out_needs_a_token(api: httpx.Client, path: str) -> None:
    response = api.post(path)

    assert response.status_code == httpx.codes.UNAUTHORIZED
    assert response.headers["www-authenticate"] == "Bearer"


def test_logout_all_revokes_every_session_of_the_user(
    api: httpx.Client, stub_server: StubServer
) -> None:
    sessions = [register(api), login(api).json(), login(api).json()]
    bob = register(api, email="bob@example.com")

    response = api.post("/auth/logout-all", headers=bearer(sessions[0]["access_token"]))

    assert response.status_code == httpx.codes.NO_CONTENT
    for tokens in sessions:
        assert _status(api, tokens["access_token"]) == httpx.codes.UNAUTHORIZED
        assert _refresh_status(api, tokens["refresh_token"]) == httpx.codes.UNAUTHORIZED
    assert all(s["revoked"] for s in stub_server.sessions("alice@example.com"))
    assert _status(api, bob["access_token"]) == httpx.codes.OK


def test_a_second_logout_all_with_the_same_token_is_401(api: httpx.Client) -> None:
    tokens = register(api)
    api.post("/auth/logout-all", headers=bearer(tokens["access_token"]))

    response = api.post("/auth/logout-all", headers=bearer(tokens["access_token"]))

    assert response.status_code == httpx.codes.UNAUTHORIZED
